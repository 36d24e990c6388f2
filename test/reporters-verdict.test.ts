import { describe, expect, it } from "vitest";
import { verdictOf } from "../reporters/verdict.ts";
import { type CheckStatus, checkStatuses } from "../src/results/model.ts";
import { sampleCheck, sampleRun } from "./support/sample-run.ts";

function runWith(statuses: readonly CheckStatus[], failOn: "must" | "should") {
  return sampleRun({ failOn, checks: statuses.map((status) => sampleCheck({ status })) });
}

describe("verdictOf", () => {
  it("passes a run of passes, and an empty run", () => {
    expect(verdictOf(runWith(["pass", "pass"], "must"))).toBe("pass");
    expect(verdictOf(runWith([], "should"))).toBe("pass");
  });

  it("fails on any failed check whatever the fail-on level", () => {
    expect(verdictOf(runWith(["pass", "fail"], "must"))).toBe("fail");
    expect(verdictOf(runWith(["pass", "fail"], "should"))).toBe("fail");
  });

  it("lets warnings pass when failing on MUST only, and fails on them when failing on SHOULD", () => {
    expect(verdictOf(runWith(["pass", "warn"], "must"))).toBe("pass");
    expect(verdictOf(runWith(["pass", "warn"], "should"))).toBe("fail");
  });

  it("never fails the target for skipped, blocked or errored checks", () => {
    for (const failOn of ["must", "should"] as const) {
      expect(verdictOf(runWith(["skip", "blocked", "error"], failOn))).toBe("pass");
    }
  });

  it("decides each single-status run as the fail-on table says", () => {
    const failing = { must: ["fail"], should: ["fail", "warn"] };
    for (const failOn of ["must", "should"] as const) {
      for (const status of checkStatuses) {
        expect(verdictOf(runWith([status], failOn)), `${status} / ${failOn}`).toBe(
          failing[failOn].includes(status) ? "fail" : "pass",
        );
      }
    }
  });
});
