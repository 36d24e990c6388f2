import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import { ApiClient } from "../src/client/api-client.ts";
import { FindingsLog } from "../src/client/findings-log.ts";
import { createTransport } from "../src/http/index.ts";
import { ResourceLedger } from "../src/ledger/index.ts";
import { startHttpServer, type RunningServer } from "./support/http-servers.ts";
import { startHoldingProxy } from "./support/holding-proxy.ts";

const binary = fileURLToPath(new URL("../bin/usc.js", import.meta.url));
const credentials = { username: "interrupt@vsphere.local", password: "Interrupt-Secret-3" };
/** Far beyond the test's bounds: an exit within them shows the held request was cut, not timed out. */
const requestTimeoutMs = "120000";

interface Interrupted {
  code: number | null;
  stderr: string;
  /** From SIGTERM to the process's end. */
  stopMs: number;
  cwd: string;
}

/** Starts `usc run` against the target and sends SIGTERM once `ready` resolves (the target holds a request). */
async function interruptWhen(target: string, ready: Promise<void>): Promise<Interrupted> {
  const cwd = mkdtempSync(join(tmpdir(), "usc-interrupt-startup-"));
  const child = spawn(
    process.execPath,
    [
      binary,
      "run",
      "--target",
      target,
      "--dialect",
      "rest",
      "--timeout",
      requestTimeoutMs,
      "--report-dir",
      "reports",
    ],
    {
      cwd,
      env: { ...process.env, USC_USERNAME: credentials.username, USC_PASSWORD: credentials.password },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  const bound = setTimeout(() => child.kill("SIGKILL"), 60_000);
  await ready;
  const sent = Date.now();
  child.kill("SIGTERM");
  const code = await closed;
  clearTimeout(bound);
  return { code, stderr, stopMs: Date.now() - sent, cwd };
}

function runErrorsOf(cwd: string): string[] {
  const results = JSON.parse(readFileSync(join(cwd, "reports", "results.json"), "utf8")) as {
    runErrors?: string[];
  };
  return results.runErrors ?? [];
}

describe("usc run interrupted before the suites start", () => {
  it("SIGTERM while the target holds the login: stops at once, writes the reports, exits non-zero (not 1)", async () => {
    let loginArrived: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (loginArrived = resolve));
    const target: RunningServer = await startHttpServer((request, response) => {
      if (request.method === "POST" && /\/session$/.test(request.url ?? "")) {
        loginArrived();
        return; // never answered
      }
      // Every dialect is served: the probe's session get without a session is unauthenticated.
      response.writeHead(401, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ type: "com.vmware.vapi.std.errors.unauthenticated", value: { messages: [] } }),
      );
    });
    try {
      const run = await interruptWhen(target.url, arrived);
      expect(run.stopMs, run.stderr).toBeLessThan(15_000);
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBe(1);
      expect(run.stderr).toMatch(/SIGTERM/);
      expect(run.stderr).toMatch(/interrupted before the suites started/);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(run.stderr).not.toContain(credentials.password);
      expect(existsSync(join(run.cwd, "reports", "junit.xml"))).toBe(true);
      expect(runErrorsOf(run.cwd)).toContain("the run was interrupted during login, before any check ran");
    } finally {
      await target.close();
    }
  }, 90_000);

  describe("SIGTERM while a provisioning create is in flight", () => {
    let server: ReferenceServerHandle;
    let proxy: RunningServer;
    /** The first library create is forwarded to the server, and its answer never relayed. */
    let holding = true;
    let createForwarded: () => void = () => undefined;
    const forwarded = new Promise<void>((resolve) => (createForwarded = resolve));

    beforeAll(async () => {
      server = await startReferenceServer(credentials);
      proxy = await startHoldingProxy(
        server.url,
        (incoming) => {
          const held =
            holding && incoming.method === "POST" && /content\/local-library$/.test(incoming.url ?? "");
          if (held) holding = false;
          return held;
        },
        createForwarded,
      );
    });

    afterAll(async () => {
      await proxy.close();
      await server.close();
    });

    it("cuts the create, finds the library it made by name, removes it and exits promptly", async () => {
      const run = await interruptWhen(proxy.url, forwarded);
      expect(run.stopMs, run.stderr).toBeLessThan(15_000);
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBe(1);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(existsSync(join(run.cwd, "reports", "results.json"))).toBe(true);
      expect(runErrorsOf(run.cwd)).toEqual([
        "the run was interrupted during provisioning, before any check ran",
      ]);

      const [runId = ""] = readdirSync(join(run.cwd, ".usc", "runs"));
      const ledger = new ResourceLedger(join(run.cwd, ".usc"), runId);
      expect(ledger.snapshot()).toMatchObject({ outstanding: [], pendingIntents: [] });
      const transport = createTransport({ insecure: false, timeoutMs: 5000 });
      const client = new ApiClient({
        dialect: "api",
        baseUrl: server.url,
        ...credentials,
        transport,
        findings: new FindingsLog(),
      });
      await client.login();
      const libraries = await client.call("library.local.list");
      expect(libraries.value).toEqual([]);
      await client.logout();
      await transport.close();
    }, 90_000);
  });
});
