import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { faultTable, startReferenceServer } from "../server/index.ts";
import { systemRunClock } from "../src/checks/run-clock.ts";
import type { CheckResult } from "../src/results/model.ts";
import { checkSelection } from "../src/run/selection.ts";
import { runSuites } from "../src/run/run-suites.ts";
import { openTarget } from "../src/target/open-target.ts";
import { expirySuite } from "../suites/expiry.suite.ts";

// The expiry suite against the embedded server, whose clock the run moves forward instead of waiting:
// every check passes on the faithful server, and every expiry fault still fails the expiry checks meant to
// catch it, so moving the clock costs the checks none of their strength. A few seconds per run.
const stateDir = mkdtempSync(join(tmpdir(), "usc-expiry-clock-"));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

async function expiryRun(faults: readonly string[]) {
  const target = await openTarget({ stateDir, embeddedFaults: faults });
  try {
    const { checks, runErrors } = await runSuites({
      context: target.context,
      suites: [expirySuite],
      selection: checkSelection({ grep: undefined, suites: undefined }),
      concurrency: 2,
      checkTimeoutMs: 60_000,
      onSuiteDone: () => undefined,
      signal: new AbortController().signal,
    });
    return { checks, runErrors, aheadMs: target.context.clock.now() - Date.now() };
  } finally {
    await target.close();
  }
}

const verdicts = (checks: CheckResult[]) => checks.map((c) => `${c.id} [${c.dialect}] ${c.status}`);

describe("the expiry suite on the embedded server's moved clock", { timeout: 60_000 }, () => {
  it("passes every check against the faithful server, waiting on the moved clock", async () => {
    const { checks, runErrors, aheadMs } = await expiryRun([]);
    expect(runErrors).toEqual([]);
    const own = checks.filter((c) => c.id.startsWith("expiry."));
    expect(own).toHaveLength(expirySuite.catalogue.checks.length * 2);
    expect(verdicts(own.filter((c) => c.status !== "pass"))).toEqual([]);
    // Idle sessions expired, watched over at least one idle timeout (5 s) the clock was moved, not waited.
    expect(aheadMs).toBeGreaterThan(4_000);
  });

  const expiryFaults = faultTable.filter((fault) => fault.catchers.some((id) => id.startsWith("expiry.")));
  it.concurrent.each(expiryFaults.map((fault) => [fault.name, fault] as const))(
    "%s still fails its expiry catchers",
    async (_name, fault) => {
      const { checks } = await expiryRun([fault.name]);
      const caught = fault.catchers
        .filter((id) => id.startsWith("expiry."))
        .flatMap((id) => fault.dialects.map((dialect) => `${id} [${dialect}]`));
      const failing = new Set(
        checks.filter((c) => c.status === "fail" || c.status === "warn").map((c) => `${c.id} [${c.dialect}]`),
      );
      const missed = caught.filter((name) => !failing.has(name));
      expect(
        missed,
        JSON.stringify(checks.filter((c) => missed.includes(`${c.id} [${c.dialect}]`)).map((c) => c.message)),
      ).toEqual([]);
    },
  );

  it("waits for real against a target given by URL", async () => {
    const server = await startReferenceServer({ username: "u@vsphere.local", password: "p-1" });
    try {
      const target = await openTarget({
        stateDir,
        target: server.url,
        username: "u@vsphere.local",
        password: "p-1",
        dialect: "rest",
      });
      expect(target.context.clock).toBe(systemRunClock);
      await target.close();
    } finally {
      await server.close();
    }
  });
});
