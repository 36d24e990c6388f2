import { describe, expect, it } from "vitest";
import { decideVerdict } from "../reporters/verdict.ts";
import type { ProfileOutcome } from "../src/results/model.ts";
import { sampleCheck, sampleRun } from "./support/sample-run.ts";

// A certification profile that is not met keeps a run from passing (nothing proves the target wrong, but
// checks the profile requires have no verdict: incomplete, exit 3), and never hides a failure (fail, exit 1).

const notMet: ProfileOutcome = {
  name: "certification",
  met: false,
  gaps: ["no second user (--other-username, --other-password): 4 check results not certified"],
  notCertified: [],
};
const met: ProfileOutcome = { ...notMet, met: true, gaps: [] };

describe("the verdict of a certification run", () => {
  it("is incomplete when the profile is not met and nothing failed, naming the gap", () => {
    const run = sampleRun({ checks: [sampleCheck({ status: "pass" })], profile: notMet });
    expect(decideVerdict(run)).toEqual({
      verdict: "incomplete",
      reasons: [
        "the certification profile is not met: no second user (--other-username, --other-password): 4 check results not certified",
      ],
    });
  });

  it("is fail when a check failed too, with the gap among the reasons", () => {
    const run = sampleRun({ checks: [sampleCheck({ status: "fail" })], profile: notMet });
    const verdict = decideVerdict(run);
    expect(verdict.verdict).toBe("fail");
    expect(verdict.reasons).toEqual([
      "1 check failed",
      expect.stringMatching(/^the certification profile is not met: no second user/),
    ]);
  });

  it("is the run's own when the profile is met", () => {
    const run = sampleRun({ checks: [sampleCheck({ status: "pass" })], profile: met });
    expect(decideVerdict(run).verdict).toBe("pass");
  });
});
