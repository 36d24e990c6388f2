import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReferenceServerHandle, startReferenceServer } from "../server/index.ts";
import { runUscInProcess, uscInProcess } from "./support/usc-in-process.ts";

// The gate workflow: a team's mock fails a few checks today. `usc baseline --from` lists them, the team
// gives each a reason, and `usc run --expected-failures` then passes while those checks still fail, fails
// on any other failure, and fails once a listed check passes (the stale entry must go).

const user = { username: "baseline@vsphere.local", password: "Baseline-1!" };
const env = { USC_USERNAME: user.username, USC_PASSWORD: user.password };
const selection = ["--suite", "lifecycle"];

describe("usc run --expected-failures", { timeout: 300_000 }, () => {
  let faulty: ReferenceServerHandle;
  let dir: string;
  beforeAll(async () => {
    faulty = await startReferenceServer({ ...user, faults: ["list-ignores-filter"] });
    dir = mkdtempSync(join(tmpdir(), "usc-baseline-"));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await faulty.close();
  });

  it("turns a run's failures into a baseline that then gates the run, and catches stale entries", async () => {
    const first = await runUscInProcess(["--target", faulty.url, ...selection], { env });
    expect(first.code).toBe(1);
    const failing = first.results?.checks.filter((check) => check.status === "fail").map((check) => check.id);
    expect(failing?.length).toBeGreaterThan(0);

    const baselinePath = join(dir, "baseline.yaml");
    const written = await uscInProcess(["baseline", "--from", first.reportDir, "--output", baselinePath]);
    expect(written.code).toBe(0);
    const made = await uscInProcess(["baseline", "--from", join(first.reportDir, "results.json")]);
    expect(made.stdout).toContain('reason: "TODO: why this failure is accepted for now"');
    for (const id of new Set(failing)) expect(made.stdout).toContain(`- check: ${id}\n`);
    writeFileSync(
      baselinePath,
      made.stdout.replaceAll("TODO: why this failure is accepted for now", "MOCK-42"),
    );

    const gated = await runUscInProcess(
      ["--target", faulty.url, ...selection, "--expected-failures", baselinePath],
      {
        env,
      },
    );
    expect(gated.code).toBe(0);
    expect(gated.stdout).toMatch(/verdict PASS/);
    expect(gated.stderr).toMatch(
      /XFAIL\s+lifecycle\.list\.filter-excludes-other-items \[rest\] expected \(MOCK-42\)/,
    );
    const results = gated.results as unknown as {
      summary: { expectedFailures: number; exitVerdict: string };
      checks: { id: string; status: string; expectedFailure?: string }[];
    };
    expect(results.summary.exitVerdict).toBe("pass");
    expect(results.summary.expectedFailures).toBe(failing?.length);
    for (const check of results.checks.filter((c) => c.status === "fail"))
      expect(check.expectedFailure).toBe("MOCK-42");
    expect(gated.junit).toMatch(/<skipped message="Expected failure \(MOCK-42\): /);
    expect(gated.junit).toMatch(/<testsuites [^>]*failures="0"/);
    expect(gated.markdown).toMatch(/## Expected failures \(baseline\)/);

    // The same baseline against a conforming target: every entry is stale, and the run fails naming them.
    const fixed = await runUscInProcess([...selection, "--expected-failures", baselinePath]);
    expect(fixed.code).toBe(1);
    expect(fixed.stdout).toMatch(
      /stale expected failure: lifecycle\.list\.filter-excludes-other-items passes now/,
    );
    expect(fixed.stderr).toMatch(
      /STALE\s+lifecycle\.list\.filter-excludes-other-items passes now \(rest, api\): delete the entry/,
    );
    expect(fixed.junit).toMatch(
      /<failure message="lifecycle\.list\.filter-excludes-other-items passes now[^"]*" type="stale-baseline">/,
    );
    expect(fixed.markdown).toMatch(/## Stale expected failures/);
  });

  it("still fails on a failure the baseline does not list", async () => {
    const baselinePath = join(dir, "partial.yaml");
    writeFileSync(
      baselinePath,
      "- check: lifecycle.list.filter-excludes-other-items\n  dialect: rest\n  reason: only rest is known broken\n",
    );
    const run = await runUscInProcess(
      ["--target", faulty.url, ...selection, "--expected-failures", baselinePath],
      {
        env,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/FAIL\s+lifecycle\.list\.filter-excludes-other-items \[api\]/);
    expect(run.stderr).toMatch(/XFAIL\s+lifecycle\.list\.filter-excludes-other-items \[rest\]/);
  });

  it("refuses a baseline naming an unknown check or malformed, before running anything (exit 2)", async () => {
    const typo = join(dir, "typo.yaml");
    writeFileSync(typo, "- check: lifecycle.list.filter-excludes-other-itemz\n  reason: x\n");
    const unknown = await runUscInProcess(["--expected-failures", typo]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /--expected-failures \S*typo\.yaml: lifecycle\.list\.filter-excludes-other-itemz names no check; did you mean lifecycle\.list\.filter-excludes-other-items\?/,
    );
    expect(unknown.results).toBeUndefined();

    const malformed = join(dir, "malformed.yaml");
    writeFileSync(malformed, "- check: lifecycle.get.members\n- reason: no check\n  dialect: soap\n");
    const bad = await runUscInProcess(["--expected-failures", malformed]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/malformed\.yaml:1: 'reason' must say why/);
    expect(bad.stderr).toMatch(/malformed\.yaml:2: 'check' must name a check id/);
    expect(bad.stderr).toMatch(/malformed\.yaml:2: 'dialect' must be rest or api/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    const missing = await runUscInProcess(["--expected-failures", join(dir, "nope.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml' does not exist/);
  });
});
