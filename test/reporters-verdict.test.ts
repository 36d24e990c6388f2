import { describe, expect, it } from "vitest";
import { decideVerdict, verdictOf } from "../reporters/verdict.ts";
import { type CheckStatus, checkStatuses } from "../src/results/model.ts";
import { sampleCheck, sampleRun } from "./support/sample-run.ts";

function runWith(statuses: readonly CheckStatus[], failOn: "must" | "should") {
  return sampleRun({ failOn, checks: statuses.map((status) => sampleCheck({ status })) });
}

describe("the run's verdict", () => {
  it("passes a run whose checks all ran to a verdict and none failed", () => {
    expect(decideVerdict(runWith(["pass", "pass", "skip"], "must"))).toEqual({
      verdict: "pass",
      reasons: ["3 checks ran to a verdict; none failed at the MUST level"],
    });
  });

  it("fails on any failed check whatever the fail-on level", () => {
    expect(verdictOf(runWith(["pass", "fail"], "must"))).toBe("fail");
    expect(verdictOf(runWith(["pass", "fail"], "should"))).toBe("fail");
  });

  it("lets warnings pass when failing on MUST only, and fails on them when failing on SHOULD", () => {
    expect(verdictOf(runWith(["pass", "warn"], "must"))).toBe("pass");
    expect(decideVerdict(runWith(["pass", "warn"], "should"))).toEqual({
      verdict: "fail",
      reasons: ["1 check warned, and the run fails on SHOULD"],
    });
  });

  it("never passes a run with blocked or errored checks: their verdict is unknown", () => {
    expect(decideVerdict(runWith(["pass", "blocked", "blocked"], "must"))).toEqual({
      verdict: "incomplete",
      reasons: ["2 checks blocked by a failed prerequisite, verdict unknown"],
    });
    expect(decideVerdict(runWith(["pass", "error"], "should"))).toEqual({
      verdict: "incomplete",
      reasons: ["1 check ended in a harness or network error, verdict unknown"],
    });
  });

  it("never passes a run with run errors, an empty run, an interrupted run or one that could not start", () => {
    expect(decideVerdict(sampleRun({ runErrors: ["cleanup: session s-1 left behind"] }))).toEqual({
      verdict: "incomplete",
      reasons: ["1 run error (problems of the run itself)"],
    });
    expect(decideVerdict(sampleRun({ checks: [] }))).toEqual({
      verdict: "incomplete",
      reasons: ["no check ran"],
    });
    const interrupted = runWith(["pass", "pass"], "must");
    expect(decideVerdict({ ...interrupted, interrupted: true })).toEqual({
      verdict: "incomplete",
      reasons: ["the run was interrupted after 2 checks"],
    });
    const refused = "login to http://127.0.0.1:1 as u failed: status 401";
    expect(decideVerdict(sampleRun({ checks: [], startFailure: refused, runErrors: [refused] }))).toEqual({
      verdict: "incomplete",
      reasons: [`the run could not start: ${refused}`],
    });
  });

  it("calls a run with failures a failure even when it is also incomplete, and lists both", () => {
    expect(decideVerdict(runWith(["fail", "blocked"], "must"))).toEqual({
      verdict: "fail",
      reasons: ["1 check failed", "1 check blocked by a failed prerequisite, verdict unknown"],
    });
  });

  it("calls an interrupted run incomplete even when a check failed before the interrupt", () => {
    const run = { ...runWith(["pass", "fail"], "must"), interrupted: true };
    expect(decideVerdict(run)).toEqual({
      verdict: "incomplete",
      reasons: ["the run was interrupted after 2 checks", "1 check failed"],
    });
  });

  it("decides each single-status run as the fail-on table says", () => {
    const expected: Record<"must" | "should", Record<CheckStatus, string>> = {
      must: {
        pass: "pass",
        fail: "fail",
        warn: "pass",
        skip: "pass",
        blocked: "incomplete",
        error: "incomplete",
      },
      should: {
        pass: "pass",
        fail: "fail",
        warn: "fail",
        skip: "pass",
        blocked: "incomplete",
        error: "incomplete",
      },
    };
    for (const failOn of ["must", "should"] as const) {
      for (const status of checkStatuses) {
        expect(verdictOf(runWith([status], failOn)), `${status} / ${failOn}`).toBe(expected[failOn][status]);
      }
    }
  });
});
