/**
 * The verifier's requests reach the target through our transport rather than Pact's own proxy agent: the
 * run's TLS options (--insecure, --ca-file), proxy settings with NO_PROXY, and time bound then apply to the
 * contract's requests exactly as to `usc run`'s. Installed as the Verifier's request filter, which sees
 * every request before Pact would proxy it.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Transport } from "../http/transport.ts";

/** The parts of Express's request and response this filter uses (pact brings Express; we do not depend on it). */
export interface FilterRequest {
  method: string;
  originalUrl: string;
  headers: IncomingHttpHeaders;
  body?: unknown;
}

export interface FilterResponse {
  status(code: number): FilterResponse;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

export type RequestFilter = (req: FilterRequest, res: FilterResponse, next: () => void) => void;

/** The status a request gets when its provider state could not be built: never a real HTTP status. */
export const blockedStatus = 599;

/** Paths of the verifier's own endpoints on the proxy (state change calls), which must not be forwarded. */
const verifierPaths = ["/_pactSetup", "/_messages"];

const hopByHop = new Set([
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "keep-alive",
  "accept-encoding",
]);

function bodyOf(req: FilterRequest): string | Uint8Array | undefined {
  const length = Number(req.headers["content-length"] ?? "0");
  if (!(length > 0) && req.headers["transfer-encoding"] === undefined) return undefined;
  if (Buffer.isBuffer(req.body)) return new Uint8Array(req.body);
  if (typeof req.body === "string") return req.body;
  // Pact's proxy has parsed JSON (and form) bodies already; the same JSON goes on.
  return req.body === undefined ? undefined : JSON.stringify(req.body);
}

export interface ForwarderOptions {
  transport: Transport;
  baseUrl: string;
  /** Why the current interaction's request must not be sent (its state is missing), if it must not. */
  blocked: () => string | undefined;
  /**
   * Called, in order, for each request answered with `blockedStatus` instead of the target's answer: its
   * state is missing, or the target gave no response (network, TLS, time bound).
   */
  onUnverified: (reason: string) => void;
}

export function forwardingFilter(options: ForwarderOptions): RequestFilter {
  const base = options.baseUrl.replace(/\/+$/, "");
  return (req, res, next) => {
    if (verifierPaths.some((path) => req.originalUrl.startsWith(path))) {
      next();
      return;
    }
    const reason = options.blocked();
    if (reason !== undefined) {
      options.onUnverified(reason);
      res.status(blockedStatus).setHeader("content-type", "text/plain");
      res.end(`usc: request not sent: ${reason}`);
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || hopByHop.has(name.toLowerCase())) continue;
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const url = `${base}${req.originalUrl}`;
    const unanswered = (why: string) => {
      // Not the target's answer, so not the target's fault: marked like a missing state, never a mismatch.
      const line = `no response from the target to ${req.method} ${req.originalUrl}: ${why}`;
      options.onUnverified(line);
      res.status(blockedStatus).setHeader("content-type", "text/plain");
      res.end(`usc: ${line}`);
    };
    options.transport
      .send({ method: req.method, url, headers, body: bodyOf(req) })
      .then((exchange) => {
        const response = exchange.response;
        if (response === undefined) {
          unanswered(exchange.networkError ?? "no response");
          return;
        }
        res.status(response.status);
        for (const [name, value] of Object.entries(response.headers)) {
          if (!hopByHop.has(name) && name !== "content-encoding") res.setHeader(name, value);
        }
        res.end(response.body);
      })
      .catch((error: unknown) => unanswered(error instanceof Error ? error.message : String(error)));
  };
}
