/**
 * `usc pact` as a user runs it: export, verify with exit codes 0 / 1 / 2 like `usc run`, broker options
 * passed through without the token ever being printed, and usage mistakes answered in one sentence.
 *
 * Export, verify and the broker run `usc` as a process of its own, as a user does: their exit codes and
 * the streams the password and token must stay out of are the process's. Usage mistakes, help and the
 * unreachable target are what the command decides: they run in this process (test/support/usc-in-process.ts),
 * which saves a usc start-up each (about half a CPU-second).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defaultCredentials, startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import { runCli, type CliResult } from "../scripts/support/run-cli.ts";
import { consumerSchemaErrors } from "./fixtures/junit/lint.ts";
import { uscInProcess } from "./support/usc-in-process.ts";

const credentials = { USC_USERNAME: defaultCredentials.username, USC_PASSWORD: defaultCredentials.password };
let dir: string;
let faulty: ReferenceServerHandle;
let conforming: ReferenceServerHandle;

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "usc-pact-cli-"));
  faulty = await startReferenceServer({ faults: ["complete-outside-active"] });
  conforming = await startReferenceServer({});
});

afterAll(async () => {
  await faulty?.close();
  await conforming?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("export, then verify", () => {
  const pacts = () => join(dir, "pacts");

  beforeAll(async () => {
    const exported = await runCli(["pact", "export", "--dialect", "api", "--out", pacts()], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(
      /^api: pacts\/update-session-conformance-api-vsphere-content-library\.json \(\d+ interactions, Pact V4\)$/m,
    );
  }, 60_000);

  test("the export wrote one V4 file for the api dialect", () => {
    expect(existsSync(join(pacts(), "update-session-conformance-api-vsphere-content-library.json"))).toBe(
      true,
    );
    expect(existsSync(join(pacts(), "update-session-conformance-rest-vsphere-content-library.json"))).toBe(
      false,
    );
  });

  /**
   * One verification of a provider that breaks the contract, read by the two tests below: what the user
   * sees, and the reports --report-dir writes (the same run: a second one would cost a usc process, a
   * verification worker and the pact's verification again).
   */
  let broken: Promise<CliResult> | undefined;
  const reports = () => join(dir, "broken-reports");
  const brokenRun = () =>
    (broken ??= runCli(
      [
        "pact",
        "verify",
        "--pact",
        pacts(),
        "--target",
        faulty.url,
        "--dialect",
        "api",
        "--report-dir",
        reports(),
      ],
      { cwd: dir, env: credentials, timeoutMs: 60_000 },
    ));

  test("a provider that breaks the contract: exit 1, each failed interaction named with its mismatch", async () => {
    const result = await brokenRun();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "  FAIL complete on a DONE session fails with not_allowed_in_current_state\n      status: expected 400, got 204",
    );
    expect(result.stdout).toMatch(/\(api\): \d+ interactions: \d+ passed, 3 failed$/m);
    // Every interaction reached a verdict: the fault was seen, not guessed (no state failed to build).
    expect(result.stdout).not.toContain("NOT VERIFIED");
    expect(result.stdout).toContain("the provider broke the contract");
    // Pact's own report stays out unless --verbose; the password never shows.
    expect(result.stdout).not.toContain("Verifying a pact between");
    expect(`${result.stdout}${result.stderr}`).not.toContain(defaultCredentials.password);
  }, 60_000);

  // usc pact verify --report-dir (test/pact-verify-report-dir.test.ts has a verified provider's reports).
  test("--report-dir reports the interaction a provider breaks as a failing result, in every format", async () => {
    expect((await brokenRun()).code).toBe(1);
    const results = JSON.parse(readFileSync(join(reports(), "results.json"), "utf8")) as {
      summary: { exitVerdict: string };
      checks: { status: string; title: string; message: string }[];
    };
    expect(results.summary.exitVerdict).toBe("fail");
    expect(results.checks.filter((check) => check.status === "blocked")).toEqual([]);
    const failed = results.checks.filter((check) => check.status === "fail");
    const interaction = "complete on a DONE session fails with not_allowed_in_current_state";
    expect(failed.map((check) => check.title)).toContain(interaction);
    expect(failed.find((check) => check.title === interaction)?.message).toMatch(
      /status: expected 400, got 204/,
    );
    const junit = readFileSync(join(reports(), "junit.xml"), "utf8");
    expect(junit).toMatch(
      new RegExp(`<testcase name="pact\\.interaction: ${interaction}"[^>]*>\\s*<failure `),
    );
    expect(await consumerSchemaErrors(junit)).toEqual([]);
    for (const name of ["junit.xml", "results.json", "report.md", "report.html"])
      expect(readFileSync(join(reports(), name), "utf8")).not.toContain(defaultCredentials.password);
  }, 60_000);

  test("broker options are passed through; an unreachable broker is no verdict (2) and the token is never printed", async () => {
    const token = "usc-test-broker-token-7f3a";
    const broker = `http://127.0.0.1:${await closedPort()}`;
    const result = await runCli(
      [
        "pact",
        "verify",
        "--target",
        conforming.url,
        "--dialect",
        "api",
        "--broker-url",
        broker,
        "--broker-token",
        token,
        "--provider-version",
        "1.2.3",
        "--publish",
        "--verbose",
      ],
      { cwd: dir, env: credentials, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`verifying the pacts ${broker} holds for vsphere-content-library`);
    expect(result.stderr).toContain("Failed to load pact");
    expect(result.stdout).toContain("no verdict");
    expect(`${result.stdout}${result.stderr}`).not.toContain(token);
  }, 60_000);
});

describe.concurrent("no verdict: exit 2 with one sentence", () => {
  test.each([
    [["pact", "verify"], "give the pacts to verify"],
    [["pact", "verify", "--pact", "no-such-dir"], "--pact no-such-dir: no such file or directory"],
    [["pact", "verify", "--pact", ".", "--publish"], "--publish needs --broker-url"],
    [["pact", "verify", "--pact", ".", "--grep", "x"], "--grep does not apply to usc pact verify"],
    [["pact", "export", "--dialect", "soap"], "expected rest, api or both"],
    [["pact", "frobnicate"], "unknown sub-command 'frobnicate'"],
  ])("usc %j", async (args, message) => {
    const result = await uscInProcess(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test("an unreachable target", async () => {
    const exported = join(dir, "pacts");
    const result = await uscInProcess(
      ["pact", "verify", "--pact", exported, "--target", `http://127.0.0.1:${await closedPort()}`],
      { cwd: dir, env: credentials, timeoutMs: 30_000 },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("target unreachable");
    expect(result.stdout).toContain("no verdict");
  }, 30_000);
});

test("help names both sub-commands and the broker options", async () => {
  const overview = await uscInProcess(["pact", "--help"]);
  expect(overview.code).toBe(0);
  expect(overview.stdout).toContain("usc pact export");
  const verify = await uscInProcess(["pact", "verify", "--help"]);
  for (const option of [
    "--pact",
    "--broker-url",
    "--broker-token",
    "--provider-version",
    "--publish",
    "--target",
    "--insecure",
    "--ca-file",
  ]) {
    expect(verify.stdout).toContain(option);
  }
  const top = await uscInProcess(["--help"]);
  expect(top.stdout).toMatch(/^ {2}pact +export the contract/m);
});
