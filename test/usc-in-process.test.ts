import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageVersion } from "../src/config/version.ts";
import { uscInProcess } from "./support/usc-in-process.ts";

// The in-process `usc` the self-tests use where the process is not the point must answer as the process
// does (exit code, stdout, stderr, working directory, variables) and leave the test's process as it was.

const dirs = [0, 1].map(() => realpathSync(mkdtempSync(join(tmpdir(), "usc-in-process-"))));
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

  it("runs each call in its own directory with its own variables, one after the other", async () => {
    const calls = await Promise.all([
      ...dirs.map((cwd) => uscInProcess(["run", "--expected-failures", "nope.yaml"], { cwd })),
      ...[0, 1].map((index) => uscInProcess(["run"], { env: { USC_SUITE: `no-such-suite-${index}` } })),
    ]);
    expect(calls.map((call) => call.code)).toEqual([2, 2, 2, 2]);
    const [first, second, third, fourth] = calls.map((call) => call.stderr);
    expect(first).toContain(`'${join(dirs[0] ?? "", "nope.yaml")}' does not exist`);
    expect(second).toContain(`'${join(dirs[1] ?? "", "nope.yaml")}' does not exist`);
    expect(third).toMatch(/^usc run: unknown suite no-such-suite-0;/);
    expect(fourth).toMatch(/^usc run: unknown suite no-such-suite-1;/);
  });

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
});
