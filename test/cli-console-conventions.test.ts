import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCredentials, type ReferenceServerHandle, startReferenceServer } from "../server/index.ts";
import type { UscRunOutcome } from "../scripts/support/run-embedded.ts";
import { startTogether } from "./support/start-together.ts";
import { runUscInProcess } from "./support/usc-in-process.ts";

// eslint-disable-next-line no-control-regex -- the escape character is what these tests look for
const ansi = /\u001b\[/;

/**
 * The console conventions of `usc run`, on a run that ends quickly (the login is refused): a one-line
 * configuration, the plan, colour only when asked or on a terminal. What is decided here is what the command
 * prints to pipes given its variables, not the process: the runs are in-process calls (each with its own
 * variables, test/support/usc-in-process.ts), started together; test/cli-color.test.ts covers terminals.
 */
describe("usc run console conventions", { timeout: 240_000 }, () => {
  let server: ReferenceServerHandle;
  const env = { USC_PASSWORD: "not-the-password" };
  let runs: Record<"timeout" | "verbose" | "forced" | "off" | "noColor", Promise<UscRunOutcome>>;

  beforeAll(async () => {
    server = await startReferenceServer({ host: "127.0.0.1", port: 0 });
    const args = ["--target", server.url, "--username", defaultCredentials.username, "--dialect", "api"];
    runs = startTogether({
      timeout: () => runUscInProcess([...args, "--timeout", "5000"], { env }),
      verbose: () => runUscInProcess([...args, "--verbose"], { env }),
      forced: () => runUscInProcess(args, { env: { ...env, FORCE_COLOR: "1" } }),
      off: () => runUscInProcess([...args, "--no-color"], { env: { ...env, FORCE_COLOR: "1" } }),
      noColor: () => runUscInProcess(args, { env: { ...env, NO_COLOR: "1", FORCE_COLOR: "1" } }),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("starts with one line of configuration (options that differ from the defaults) and the plan, no colour in pipes", async () => {
    const outcome = await runs.timeout;
    expect(outcome.code).toBe(3);
    const [first, second] = outcome.stderr.split("\n");
    expect(first).toMatch(
      new RegExp(
        `^usc run: ${server.url.replace(/[.]/g, "\\.")}, dialect api, user administrator@vsphere\\.local; --password \\(set\\), --report-dir \\S+, --timeout 5000$`,
      ),
    );
    expect(second).toMatch(
      /^usc run: plan: \d+ suites, (\d+) checks, the api dialect: \1 results plus one schema result per operation called$/,
    );
    expect(outcome.stderr).not.toContain("not-the-password");
    expect(outcome.stderr + outcome.stdout).not.toMatch(ansi);
  });

  it("prints the whole configuration with --verbose", async () => {
    const outcome = await runs.verbose;
    expect(outcome.stderr).toContain("usc run: configuration:\n");
    expect(outcome.stderr).toMatch(/^timeout: 10000 \(default\)$/m);
    expect(outcome.stderr).toMatch(/^password: \(set\) \(USC_PASSWORD\)$/m);
  });

  it("colours both streams with FORCE_COLOR, and neither with --no-color or NO_COLOR", async () => {
    const forced = await runs.forced;
    expect(forced.stdout).toMatch(ansi);
    expect(forced.stderr).toMatch(ansi);
    const off = await runs.off;
    expect(off.stdout + off.stderr).not.toMatch(ansi);
    const noColor = await runs.noColor;
    expect(noColor.stdout + noColor.stderr).not.toMatch(ansi);
  });
});
