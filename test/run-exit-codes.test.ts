import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultsDocument } from "../reporters/index.ts";
import { defaultCredentials, type ReferenceServerHandle, startReferenceServer } from "../server/index.ts";
import { junitSchemaErrors } from "./fixtures/junit/lint.ts";
import { runUsc } from "../scripts/support/run-embedded.ts";

/**
 * One exit code per cause, as CI sees them: 1 conformance failures, 2 usage, 3 could not complete. (0 is
 * covered by run-selection and run-embedded, interrupts by run-interrupt, unreachable targets by
 * run-bad-targets.) Each run here selects a few checks, so it takes seconds, not minutes.
 */
describe("usc run exit codes by cause", { timeout: 180_000 }, () => {
  let conforming: ReferenceServerHandle;
  let faulty: ReferenceServerHandle;
  const login = ["--username", defaultCredentials.username] as const;
  const password = { USC_PASSWORD: defaultCredentials.password };

  beforeAll(async () => {
    conforming = await startReferenceServer({ host: "127.0.0.1", port: 0 });
    faulty = await startReferenceServer({ host: "127.0.0.1", port: 0, faults: ["second-active-session"] });
  });
  afterAll(async () => {
    await conforming.close();
    await faulty.close();
  });

  it("1 when the target breaks the contract; the failures print before the verdict and the report paths last", async () => {
    const outcome = await runUsc(
      ["--target", faulty.url, ...login, "--dialect", "api", "--grep", "second-create\\.resource-busy"],
      { env: password, timeoutMs: 150_000 },
    );
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(outcome.stdout).toMatch(/verdict FAIL \(fail on must\): 1 check failed/);
    const lines = outcome.stderr.trimEnd().split("\n");
    const failure = lines.findIndex((line) => line.startsWith("FAIL    create-conflicts.second-create"));
    expect(failure).toBeGreaterThan(-1);
    expect(lines.at(-1)).toMatch(
      /^usc run: reports: .*junit\.xml, .*results\.json, .*report\.md, .*report\.html$/,
    );
    expect(outcome.results?.selection.notConfigured).toHaveLength(3);
    expect(outcome.junit).toContain('<property name="usc.verdict" value="fail"/>');
    expect(await junitSchemaErrors(outcome.junit ?? "")).toEqual([]);
  });

  it("1 with --quiet prints only the verdict line", async () => {
    const outcome = await runUsc(
      ["--target", faulty.url, ...login, "--dialect", "api", "--grep", "second-create\\.resource-busy", "-q"],
      { env: password, timeoutMs: 150_000 },
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe("verdict FAIL (fail on must): 1 check failed\n");
    expect(outcome.stderr).toBe("");
  });

  it("2 when --grep selects no check: a usage error, before any target is touched", async () => {
    const started = Date.now();
    const outcome = await runUsc(["--grep", "^no-such-check$"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain("usc run: --grep '^no-such-check$' selects no check");
    expect(outcome.stdout).not.toMatch(/PASS/);
    expect(outcome.results).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("3 when the login is refused, with the verdict incomplete in every report", async () => {
    const outcome = await runUsc(["--target", conforming.url, ...login, "--dialect", "api"], {
      env: { USC_PASSWORD: "not-the-password" },
    });
    expect(outcome.code).toBe(3);
    expect(outcome.stdout).toMatch(
      /verdict INCOMPLETE \(fail on must\): the run could not start: login to http:\/\/127\.0\.0\.1:\d+ as administrator@vsphere\.local failed: status 401/,
    );
    const document = outcome.results as ResultsDocument | undefined;
    expect(document?.summary.exitVerdict).toBe("incomplete");
    expect(outcome.markdown?.split("\n")[0]).toBe("# Update session conformance: ⚠️ INCOMPLETE");
    expect(outcome.junit).toContain('<property name="usc.verdict" value="incomplete"/>');
  });

  it("3 when the reports cannot be written: the run's result would be lost", async () => {
    const outcome = await runUsc(
      [
        "--target",
        conforming.url,
        ...login,
        "--dialect",
        "api",
        "--grep",
        "lifecycle\\.create\\.returns-id",
        "--report-dir",
        "/dev/null/reports",
      ],
      { env: password, timeoutMs: 150_000 },
    );
    expect(outcome.code, outcome.stderr).toBe(3);
    expect(outcome.stderr).toMatch(/usc run: could not write the reports to \/dev\/null\/reports: /);
    expect(outcome.stdout).toMatch(/verdict INCOMPLETE \(fail on must\): .*could not write the reports/);
  });

  it("3 with no user name for a target: the message says the user name is missing", async () => {
    const outcome = await runUsc(["--target", conforming.url, "--dialect", "api"], {
      env: { USC_USERNAME: undefined, USC_PASSWORD: undefined },
    });
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toContain(`login to ${conforming.url} failed: the user name is missing`);
    expect(outcome.stderr).not.toMatch(/ as {2}failed/);
  });
});
