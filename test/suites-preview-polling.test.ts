import { request, type IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { startHttpServer } from "./support/http-servers.ts";
import { runAgainstFaults } from "./support/run-against-faults.ts";

// A preview check polls only while polling can still change its verdict: a target that never reports a
// preview state (here the reference server behind a proxy that drops preview_info from every answer) is
// read once after the upload, not for ten seconds.

function withoutPreview(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPreview);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "preview_info")
      .map(([key, member]) => [key, withoutPreview(member)]),
  );
}

/** A proxy to `upstream` that passes everything through but drops preview_info from JSON bodies. */
function startPreviewlessProxy(upstream: string) {
  return startHttpServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const forwarded = request(
        new URL(incoming.url ?? "/", upstream),
        { method: incoming.method, headers: { ...incoming.headers, host: new URL(upstream).host } },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => parts.push(chunk));
          answer.on("end", () => {
            let body = Buffer.concat(parts);
            const headers: IncomingHttpHeaders = { ...answer.headers };
            if (String(headers["content-type"]).includes("json") && body.length > 0) {
              body = Buffer.from(JSON.stringify(withoutPreview(JSON.parse(body.toString("utf8")))));
              headers["content-length"] = String(body.length);
            }
            outgoing.writeHead(answer.statusCode ?? 502, headers).end(body);
          });
        },
      );
      forwarded.on("error", () => outgoing.writeHead(502).end());
      forwarded.end(Buffer.concat(chunks));
    });
  });
}

describe(
  "preview.ovf.unsigned-no-certificate against a target without previews",
  { timeout: 300_000 },
  () => {
    it("passes after one reading of the session, without polling", async () => {
      const outcome = await runAgainstFaults([], "preview\\.ovf\\.unsigned", {
        target: startPreviewlessProxy,
      });
      const checks = (outcome.results?.checks ?? []).filter((check) => check.id.startsWith("preview."));
      expect(checks.map((check) => `${check.dialect} ${check.status}`).sort()).toEqual([
        "api pass",
        "rest pass",
      ]);
      for (const check of checks) {
        const readings = check.transcript.filter((exchange) => exchange.operationId === "updateSession.get");
        expect(readings.length, `session readings in ${check.dialect}`).toBe(1);
        // Ten seconds of polling is what this replaces; the check itself is a handful of requests.
        expect(check.durationMs).toBeLessThan(5_000);
      }
    });
  },
);
