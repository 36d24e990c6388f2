import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageVersion } from "../src/config/version.ts";
import { uscInProcess } from "./support/usc-in-process.ts";

// The in-process `usc` the self-tests use where the process is not the point must answer as the process
// does (exit code, stdout, stderr, working directory, variables) and leave the test's process as it was.

const dirs = [0, 1, 2].map(() => realpathSync(mkdtempSync(join(tmpdir(), "usc-in-process-"))));
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("usc in-process", () => {
  it("returns the exit code and what usc wrote to each stream", async () => {
    const version = await uscInProcess(["--version"]);
    expect(version).toEqual({ code: 0, stdout: `${packageVersion()}\n`, stderr: "" });
    const unknown = await uscInProcess(["no-such-command"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(/unknown command 'no-such-command'/);
  });

  it("gives each call its own directory and its own variables", async () => {
    const calls = await Promise.all([
      ...dirs.slice(0, 2).map((cwd) => uscInProcess(["run", "--expected-failures", "nope.yaml"], { cwd })),
      ...[0, 1].map((index) => uscInProcess(["run"], { env: { USC_SUITE: `no-such-suite-${index}` } })),
    ]);
    expect(calls.map((call) => call.code)).toEqual([2, 2, 2, 2]);
    const [first, second, third, fourth] = calls.map((call) => call.stderr);
    expect(first).toContain(`'${join(dirs[0] ?? "", "nope.yaml")}' does not exist`);
    expect(second).toContain(`'${join(dirs[1] ?? "", "nope.yaml")}' does not exist`);
    expect(third).toMatch(/^usc run: unknown suite no-such-suite-0;/);
    expect(fourth).toMatch(/^usc run: unknown suite no-such-suite-1;/);
  });

  it(
    "runs calls side by side, each with its own output and exit code; a call that owns the process waits",
    { timeout: 30_000 },
    async () => {
      // A target that holds every request until released: the first run is in the middle of its work
      // while the others are called.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let reached = () => {};
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      const server = createServer((request, response) => {
        request.resume();
        reached();
        void held.then(() => {
          response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          response.end("<!doctype html><html><body>Welcome</body></html>");
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const ended: string[] = [];
      const cwd = process.cwd();
      try {
        const slow = uscInProcess(
          ["run", "--target", url, "--timeout", "120000", "--report-dir", join(dirs[2] ?? "", "reports")],
          {
            cwd: dirs[2] ?? "",
            env: { USC_USERNAME: "u", USC_PASSWORD: "p", USC_IN_PROCESS_PROBE: "slow" },
          },
        ).then((result) => (ended.push("slow"), result));
        await arrived;
        // The slow call's variables and directory are its own: the process's are untouched.
        expect(process.env["USC_IN_PROCESS_PROBE"]).toBeUndefined();
        expect(process.cwd()).toBe(cwd);
        // Would wait forever for the held run if calls took turns.
        const quick = await uscInProcess(["run"], { env: { USC_SUITE: "no-such-suite" } });
        ended.push("quick");
        expect(quick.code).toBe(2);
        expect(quick.stdout).toBe("");
        expect(quick.stderr).toMatch(/^usc run: unknown suite no-such-suite;/);
        // `compare` opens relative paths against the process's directory: it owns the process, after the run
        // (it finds old.json in its directory only if it runs there).
        writeFileSync(join(dirs[1] ?? "", "old.json"), "not json");
        const alone = uscInProcess(["compare", "old.json", "new.json"], { cwd: dirs[1] ?? "" }).then(
          (result) => (ended.push("alone"), result),
        );
        release();
        const [first, third] = await Promise.all([slow, alone]);
        expect(ended).toEqual(["quick", "slow", "alone"]);
        const message = "this is not the vSphere API: POST /api/session answered 200 text/html";
        expect(first.code, first.stderr).toBe(3);
        expect(first.stdout).toContain(message);
        expect(`${first.stdout}${first.stderr}`).not.toContain("no-such-suite");
        expect(third.code).toBe(2);
        expect(third.stderr).toContain("usc compare: old.json is not JSON");
        expect(`${third.stdout}${third.stderr}`).not.toContain(message);
      } finally {
        release();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );

  it("leaves the process as it was: streams, directory, variables", async () => {
    const cwd = process.cwd();
    const streams = () =>
      ["stdout", "stderr"].map((name) => Object.getOwnPropertyDescriptor(process[name as "stdout"], "write"));
    const before = streams();
    const tty = Object.getOwnPropertyDescriptor(process.stderr, "isTTY");
    process.env["USC_IN_PROCESS_PROBE"] = "before";
    try {
      await uscInProcess(["--version"], { cwd: dirs[0] ?? cwd, env: { USC_IN_PROCESS_PROBE: "during" } });
      expect(process.cwd()).toBe(cwd);
      expect(streams()).toEqual(before);
      expect(Object.getOwnPropertyDescriptor(process.stderr, "isTTY")).toEqual(tty);
      expect(process.env["USC_IN_PROCESS_PROBE"]).toBe("before");
    } finally {
      delete process.env["USC_IN_PROCESS_PROBE"];
    }
  });

  // The helper runs these commands side by side with their own variables and directory (given to main):
  // a read of the process's own would see another call's, or the test's.
  it("leaves run, fuzz and cleanup reading variables and directory only through src/cli/context.ts", () => {
    for (const command of ["run", "fuzz", "cleanup"]) {
      const source = readFileSync(new URL(`../src/cli/${command}.ts`, import.meta.url), "utf8");
      expect(source.match(/process\.(env|cwd\(\))/g) ?? [], command).toEqual([]);
    }
  });
});
