import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shellQuote, toCurl } from "../src/http/index.ts";
import type { Exchange } from "../src/results/model.ts";
import { startHttpServer, type RunningServer } from "./support/http-servers.ts";

function exchange(request: Partial<Exchange["request"]>): Exchange {
  return {
    operationId: undefined,
    request: { method: "GET", url: "https://vc.example/api/x", headers: {}, body: undefined, ...request },
    response: undefined,
    networkError: undefined,
    durationMs: 0,
  };
}

const awkwardBody = `{"name":"it's a \\"test\\" $HOME \`id\` !x","lines":"a\nb"}`;

function hasCurl(): boolean {
  try {
    execFileSync("curl", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("toCurl", () => {
  it("uses placeholders for credentials and never the redacted values", () => {
    const line = toCurl(
      exchange({
        method: "POST",
        url: "https://vc.example/api/content/library/item/update-session/abc?action=complete",
        headers: {
          "vmware-api-session-id": "<redacted>",
          authorization: "Basic <redacted>",
          "content-type": "application/json",
          "content-length": "2",
          "proxy-authorization": "<redacted>",
        },
        body: "{}",
      }),
      { insecure: true },
    );
    expect(line).toBe(
      `curl -sS -k -X POST -H "vmware-api-session-id: $USC_SESSION" -u "$USC_USERNAME:$USC_PASSWORD" ` +
        `-H 'content-type: application/json' --data-raw '{}' ` +
        `'https://vc.example/api/content/library/item/update-session/abc?action=complete'`,
    );
    expect(line).not.toContain("<redacted>");
  });

  it("omits -X for a plain GET and -k when not insecure; adds --cacert when given", () => {
    expect(toCurl(exchange({}), { insecure: false })).toBe("curl -sS https://vc.example/api/x");
    expect(toCurl(exchange({}), { insecure: false, caFile: "/etc/my ca.pem" })).toBe(
      "curl -sS --cacert '/etc/my ca.pem' https://vc.example/api/x",
    );
  });

  it("uses -I for HEAD, which -X HEAD would leave waiting for a body", () => {
    expect(toCurl(exchange({ method: "HEAD" }), { insecure: false })).toBe(
      "curl -sS -I https://vc.example/api/x",
    );
  });

  it("quotes single quotes, dollars, backticks and newlines", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const line = toCurl(exchange({ method: "POST", body: awkwardBody }), { insecure: false });
    expect(line).toContain(`--data-raw '{"name":"it'\\''s a`);
  });

  describe.skipIf(!hasCurl())("the command reproduces the request in a real shell", () => {
    let server: RunningServer;
    let received: { method: string; headers: Record<string, unknown>; body: string } | undefined;
    beforeAll(async () => {
      server = await startHttpServer((request, response) => {
        let body = "";
        request.setEncoding("utf8");
        request.on("data", (chunk: string) => (body += chunk));
        request.on("end", () => {
          received = { method: request.method ?? "", headers: request.headers, body };
          response.end("ok");
        });
      });
    });
    afterAll(() => server.close());

    it("sends the same method, headers and byte-identical body", async () => {
      const line = toCurl(
        exchange({
          method: "PATCH",
          url: `${server.url}/api/x?action=update&q='quoted'`,
          headers: { "vmware-api-session-id": "<redacted>", "content-type": "application/json" },
          body: awkwardBody,
        }),
        { insecure: false },
      );
      // Asynchronously: the server answering curl lives in this very process.
      const { stdout } = await promisify(execFile)("sh", ["-c", line], {
        env: { PATH: process.env.PATH, USC_SESSION: "token-from-env", HOME: "/should-not-expand" },
        encoding: "utf8",
        timeout: 5_000,
      });
      expect(stdout).toBe("ok");
      expect(received?.method).toBe("PATCH");
      expect(received?.headers["vmware-api-session-id"]).toBe("token-from-env");
      expect(received?.headers["content-type"]).toBe("application/json");
      expect(received?.body).toBe(awkwardBody);
    });
  });
});
