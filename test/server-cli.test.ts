import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { serveCommand } from "../src/cli/serve.ts";
import { ExchangeLog, ReferenceClient } from "./support/reference-client.ts";
import { runCli } from "../scripts/support/run-cli.ts";

// `usc serve`: first stdout line names the URL, SIGINT/SIGTERM shut it down cleanly, bad flags exit 2.
const binary = fileURLToPath(new URL("../bin/usc.js", import.meta.url));

async function serveUntil(signal: NodeJS.Signals, args: string[]) {
  const child = spawn(process.execPath, [binary, "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const firstLine = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (stdout.includes("\n")) resolve(stdout.split("\n")[0] ?? "");
    });
    child.on("exit", () => reject(new Error(`usc serve exited early: ${stderr}`)));
  });
  const url = /^listening on (http:\/\/\S+)$/.exec(firstLine)?.[1] ?? "";
  const log = new ExchangeLog();
  const token = await new ReferenceClient(url, log).login("api", "tester", "secret");
  const exited = once(child, "exit");
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  return { firstLine, token, findings: log.unexplained(), code, stderr };
}

describe("usc serve", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`prints 'listening on <url>' first, serves the given credentials and exits 0 on ${signal}`, async () => {
      const result = await serveUntil(signal, [
        "--port",
        "0",
        "--username",
        "tester",
        "--password",
        "secret",
        "--idle-timeout",
        "2",
      ]);
      expect(result.firstLine).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      expect(result.token).toMatch(/^[0-9a-f]{32}$/);
      expect(result.findings).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("answers a bad flag with a message on stderr and exit code 2, never a stack trace", async () => {
    const result = await runCli(["serve", "--bogus"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^usc serve: Unknown option '--bogus'/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

// The same command in-process: the flag handling without paying for a process per case.
describe("usc serve flag handling", () => {
  afterEach(() => vi.restoreAllMocks());

  async function run(args: string[]) {
    let stdout = "";
    let stderr = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    const code = await serveCommand.run(args);
    vi.restoreAllMocks();
    return { code, stdout, stderr };
  }

  it("documents every option and the default credentials in --help", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    for (const text of [
      "--host",
      "--port",
      "--username",
      "--password",
      "--idle-timeout",
      "--login-idle-timeout",
      "--tls-cert",
      "--tls-key",
      "administrator@vsphere.local",
      "VMware1!",
      "default 300",
      "default 1800",
    ]) {
      expect(result.stdout).toContain(text);
    }
  });

  it.each([
    [["--port", "http"], /--port must be an integer/],
    [["--port", "70000"], /--port must be an integer/],
    [["--idle-timeout", "0"], /--idle-timeout must be a positive number/],
    [["--login-idle-timeout", "0"], /--login-idle-timeout must be a positive number/],
    [["--tls-cert", "a.pem"], /--tls-cert and --tls-key go together/],
    [["--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"], /cannot read --tls-cert/],
    [["--host", ""], /--host must not be empty/],
    [["positional"], /Unexpected argument 'positional'/],
    [["--port", "1", "--host", "192.0.2.1"], /cannot start/],
  ])("refuses %j with exit code 2 and a one-line reason", async (args, reason) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).toMatch(/^usc serve: /);
    expect(result.stdout).toBe("");
  });
});
