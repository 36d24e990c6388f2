import { get as httpGet, type IncomingMessage } from "node:http";
import { get as httpsGet } from "node:https";
import type { TLSSocket } from "node:tls";
import type { SessionFile, UpdateSession } from "../state/session-records.ts";
import type { OperationContext } from "./context.ts";
import { overridable } from "./overridable.ts";
import { TransferSink } from "./transfers.ts";

/** How long the server waits for a PULL source to answer before the file goes to ERROR. */
const pullTimeoutMs = 30_000;

/** A chunk of a PULL source's body as the transfer takes it (the first one flagged). */
export const pulledChunk = overridable(
  "updateSession.file:pulled-chunk",
  (_context: OperationContext, chunk: Buffer, _first: boolean): Buffer => chunk,
);

function normalizeThumbprint(thumbprint: string): string {
  return thumbprint.replace(/[^0-9a-f]/gi, "").toLowerCase();
}

/**
 * Fetches a PULL file from its http(s) source in the background. With `ssl_certificate_thumbprint` set,
 * exactly that certificate is accepted and nothing else is verified, as the documents describe;
 * without it, normal certificate verification applies. Redirects are not followed.
 */
export function startPull(context: OperationContext, session: UpdateSession, file: SessionFile): void {
  const endpoint = file.sourceEndpoint;
  if (endpoint === undefined) return;
  const sink = new TransferSink(context, session, file);
  const url = new URL(endpoint.uri);
  // Only a fault lets a file or ds URI get this far: the transfer fails, the server stays up.
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    sink.fail("file.pull_scheme", `This server cannot read ${endpoint.uri}.`, endpoint.uri);
    return;
  }
  const thumbprint = endpoint.sslCertificateThumbprint;
  const options = {
    signal: context.shutdown,
    timeout: pullTimeoutMs,
    ...(url.protocol === "https:" && thumbprint !== undefined ? { rejectUnauthorized: false } : {}),
  };
  const onResponse = (response: IncomingMessage): void => {
    if (thumbprint !== undefined && url.protocol === "https:") {
      const certificate = (response.socket as TLSSocket).getPeerCertificate();
      if (normalizeThumbprint(certificate.fingerprint ?? "") !== normalizeThumbprint(thumbprint)) {
        sink.fail(
          "file.pull_thumbprint",
          `The certificate of ${url.host} does not match the given thumbprint.`,
        );
        response.destroy();
        return;
      }
    }
    if (response.statusCode !== 200) {
      sink.fail(
        "file.pull_status",
        `The source ${endpoint.uri} answered HTTP ${response.statusCode ?? "?"}.`,
        endpoint.uri,
        String(response.statusCode),
      );
      response.resume();
      return;
    }
    let first = true;
    response.on("data", (chunk: Buffer) => {
      const bytes = pulledChunk(context, chunk, first);
      first = false;
      if (!sink.write(bytes)) response.destroy();
    });
    response.on("end", () => sink.finish());
    response.on("error", (error) =>
      sink.fail("file.pull_failed", `Reading ${endpoint.uri} failed: ${error.message}`),
    );
  };
  const request =
    url.protocol === "https:" ? httpsGet(url, options, onResponse) : httpGet(url, options, onResponse);
  request.on("timeout", () => request.destroy(new Error(`no answer within ${pullTimeoutMs / 1000} s`)));
  request.on("error", (error) =>
    sink.fail("file.pull_failed", `Fetching ${endpoint.uri} failed: ${error.message}`),
  );
}
