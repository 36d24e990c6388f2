import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli, type CliResult } from "../scripts/support/run-cli.ts";

const version = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

describe("usc entry point", () => {
  // `usc --help` is started once and read by the two tests about it: a CLI start is 0.3-0.5 CPU-seconds.
  let help: Promise<CliResult> | undefined;
  const topHelp = () => (help ??= runCli(["--help"]));

  it("prints the package version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it("prints usage with --help and exits 0", async () => {
    const result = await topHelp();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: usc <command>");
    expect(result.stdout).toContain("Exit codes:");
  });

  // Two CLI starts (one shared with the test before), 5-10 s each on a loaded machine.
  it("documents the four exit codes in usc --help and usc run --help", { timeout: 90_000 }, async () => {
    const top = await topHelp();
    expect(top.stdout).toContain(
      "Exit codes: 0 pass, 1 conformance failures, 2 usage or configuration error,",
    );
    expect(top.stdout).toMatch(
      /3 the run could not complete \(unreachable target, refused login, interrupted/,
    );
    const run = await runCli(["run", "--help"]);
    expect(run.code).toBe(0);
    for (const line of [
      /^ {2}0 {2}pass: /m,
      /^ {2}1 {2}fail: the target broke the contract/m,
      /^ {2}2 {2}usage or configuration error/m,
      /^ {2}3 {2}incomplete: the run could not complete \(target unreachable, login refused, interrupted,/m,
    ])
      expect(run.stdout).toMatch(line);
    expect(run.stdout).toContain("Earlier versions exited 2 for every case that is now 3.");
  });

  it("answers an unknown command with a message and exit code 2, no stack trace", async () => {
    const result = await runCli(["no-such-command"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'no-such-command'");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
