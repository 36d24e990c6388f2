import { describe, expect, it } from "vitest";
import { describePlan, planRun } from "../src/cli/run-plan.ts";
import { catalogues } from "../src/catalogue/index.ts";

const declared = catalogues.filter((c) => c.suite !== "protocol");
const allChecks = declared.reduce((total, c) => total + c.checks.length, 0);

describe("the plan of a run", () => {
  it("counts every suite with a file and its declared checks without --grep", () => {
    expect(planRun({ grep: undefined, suites: undefined })).toMatchObject({
      suites: declared.length,
      checks: allChecks,
    });
  });

  it("counts what a --grep selects by id or by title, and what --suite selects", () => {
    expect(planRun({ grep: "^lifecycle\\.create\\.returns-id$", suites: undefined })).toMatchObject({
      suites: 1,
      checks: 1,
    });
    const title = declared[0]?.checks[0]?.title ?? "";
    expect(
      planRun({ grep: title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), suites: undefined }).checks,
    ).toBeGreaterThan(0);
    const lifecycle = declared.find((c) => c.suite === "lifecycle")?.checks.length;
    expect(planRun({ grep: undefined, suites: ["lifecycle"] })).toMatchObject({
      suites: 1,
      checks: lifecycle,
    });
    expect(planRun({ grep: "^auth\\.", suites: ["lifecycle"] })).toMatchObject({ suites: 0, checks: 0 });
  });

  it("selects nothing for a --grep no check matches, nor for the schema check that has no suite of its own", () => {
    expect(planRun({ grep: "^no-such-check$", suites: undefined })).toMatchObject({ suites: 0, checks: 0 });
    expect(planRun({ grep: "^protocol\\.response-schema$", suites: undefined }).checks).toBe(0);
  });

  it("announces suites, checks, dialects and the results to expect", () => {
    expect(describePlan({ suites: 11, checks: 123 }, "both")).toBe(
      "11 suites, 123 checks, both dialects: 246 results plus one schema result per operation called",
    );
    expect(describePlan({ suites: 1, checks: 1 }, "auto")).toBe(
      "1 suite, 1 check, in each dialect the target serves, plus one schema result per operation called",
    );
  });
});
