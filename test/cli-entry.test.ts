import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.ts";

const version = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

describe("usc entry point", () => {
  it("prints the package version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it("prints usage with --help and exits 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: usc <command>");
    expect(result.stdout).toContain("Exit codes:");
  });

  it("answers an unknown command with a message and exit code 2, no stack trace", async () => {
    const result = await runCli(["no-such-command"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'no-such-command'");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
