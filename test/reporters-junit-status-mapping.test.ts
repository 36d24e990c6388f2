import { describe, expect, it } from "vitest";
import { blockedPrefix, runSuiteName, toJUnitXml } from "../reporters/junit.ts";
import { suiteGroups } from "../reporters/suites.ts";
import { countStatuses, type RunResult } from "../src/results/model.ts";
import { blocksOf, canonicalXml, elements, propertiesOf, textsOf } from "./fixtures/junit/lint.ts";
import { emptyRun, everyStatusRun, failingCheck, sampleRun } from "./support/sample-run.ts";

async function canonicalReport(run: RunResult): Promise<string> {
  return canonicalXml(toJUnitXml(run));
}

function testcaseOf(canonical: string, checkId: string): string {
  const block = blocksOf(canonical, "testcase").find((b) => propertiesOf(b)["usc.check-id"] === checkId);
  if (block === undefined) throw new Error(`no testcase for ${checkId}`);
  return block;
}

describe("JUnit status mapping", () => {
  const run = everyStatusRun();
  const counts = countStatuses(run.checks);

  it("has as many failure, error and skipped elements as the run has fail, error, and skip + blocked", async () => {
    const canonical = await canonicalReport(run);
    expect(elements(canonical, "failure")).toHaveLength(counts.fail);
    expect(elements(canonical, "error")).toHaveLength(counts.error);
    expect(elements(canonical, "skipped")).toHaveLength(counts.skip + counts.blocked);
    expect(blocksOf(canonical, "testcase")).toHaveLength(run.checks.length);
  });

  it("keeps the testsuites and testsuite counts consistent with their testcases", async () => {
    const canonical = await canonicalReport(run);
    const [root] = elements(canonical, "testsuites");
    expect(root).toMatchObject({
      tests: String(run.checks.length),
      failures: String(counts.fail),
      errors: String(counts.error),
      skipped: String(counts.skip + counts.blocked),
      time: "4.250",
    });
    for (const suite of blocksOf(canonical, "testsuite")) {
      const [attributes] = elements(suite, "testsuite");
      expect(attributes?.["tests"]).toBe(String(blocksOf(suite, "testcase").length));
      expect(attributes?.["failures"]).toBe(String(elements(suite, "failure").length));
      expect(attributes?.["errors"]).toBe(String(elements(suite, "error").length));
      expect(attributes?.["skipped"]).toBe(String(elements(suite, "skipped").length));
    }
  });

  it("names one testsuite per (suite, dialect) and uses suite.dialect as classname", async () => {
    const canonical = await canonicalReport(run);
    expect(elements(canonical, "testsuite").map((s) => s["name"])).toEqual([
      "lifecycle [rest]",
      "lifecycle [api]",
      "files [api]",
      "files [rest]",
    ]);
    const grouped = suiteGroups(run.checks).flatMap((group) => group.checks);
    const testcases = elements(canonical, "testcase");
    expect(testcases.map((t) => t["classname"])).toEqual(
      grouped.map((check) => `${check.suite}.${check.dialect}`),
    );
    expect(testcases.map((t) => t["name"])).toEqual(grouped.map((check) => `${check.id}: ${check.title}`));
    expect(testcases.map((t) => t["time"])).toEqual(grouped.map(() => "0.015"));
  });

  it("gives every testcase its status, level, requirement ids and dialect as properties", async () => {
    const canonical = await canonicalReport(run);
    for (const check of run.checks) {
      expect(propertiesOf(testcaseOf(canonical, check.id))).toEqual({
        "usc.check-id": check.id,
        "usc.status": check.status,
        "usc.level": check.level,
        "usc.requirements": check.requirements.join(","),
        "usc.dialect": check.dialect,
      });
    }
  });

  it("carries the run's facts as properties of every testsuite", async () => {
    const canonical = await canonicalReport(run);
    for (const suite of blocksOf(canonical, "testsuite")) {
      const properties = propertiesOf(suite.slice(0, suite.indexOf("<testcase")));
      expect(properties).toMatchObject({
        "usc.run-id": run.runId,
        "usc.target": run.target,
        "usc.dialects": "rest,api",
        "usc.suite-version": run.suiteVersion,
        "usc.spec-hash": run.specHash,
        "usc.fail-on": "must",
        "usc.counts": "pass=1 fail=1 warn=1 skip=1 blocked=1 error=1",
        "usc.verdict": "fail",
      });
    }
  });

  it("puts the design's failure evidence in the failure: message, request, expected + quote, actual, curl", async () => {
    const check = failingCheck();
    const canonical = await canonicalReport(sampleRun({ checks: [check] }));
    const [failure] = elements(canonical, "failure");
    expect(failure).toEqual({ message: check.message, type: "MUST" });
    const [text] = textsOf(canonical, "failure");
    expect(text).toContain(check.message);
    expect(text).toContain(`Check: ${check.id}`);
    expect(text).toContain(
      "Request: POST /rest/com/vmware/content/library/item/update-session/id:session-1?~action=complete",
    );
    expect(text).toContain(`Expected: ${check.expected}`);
    expect(text).toContain(`Documents say: "${check.quote}"`);
    expect(text).toContain(`Actual: ${check.actual}`);
    expect(text).toContain(check.curl);
  });

  it("shows a warning as a passing testcase with a warn property and a WARNING line", async () => {
    const canonical = await canonicalReport(run);
    const warned = run.checks.find((check) => check.status === "warn");
    const block = testcaseOf(canonical, warned?.id ?? "");
    expect(block).not.toMatch(/<(failure|error|skipped)[\s>]/);
    expect(propertiesOf(block)["usc.status"]).toBe("warn");
    const [out] = textsOf(block, "system-out");
    expect(out?.split("\n")[0]).toBe(`WARNING: ${warned?.id} [api] (SHOULD): ${warned?.message}`);
  });

  it("marks a blocked check as skipped, saying it was blocked and by what, in message and text", async () => {
    const canonical = await canonicalReport(run);
    const blocked = run.checks.find((check) => check.status === "blocked");
    const testcase = testcaseOf(canonical, blocked?.id ?? "");
    const reason = `${blockedPrefix}${blocked?.message}`;
    expect(reason).toMatch(
      /^Blocked \(a prerequisite failed, verdict unknown\): prerequisite lifecycle\.create/,
    );
    expect(elements(testcase, "skipped")).toEqual([{ message: reason }]);
    expect(textsOf(testcase, "skipped")).toEqual([reason]);
  });

  it("gives a skipped check its reason and an errored one the harness-error type", async () => {
    const canonical = await canonicalReport(run);
    const skip = run.checks.find((check) => check.status === "skip");
    const skipped = testcaseOf(canonical, skip?.id ?? "");
    expect(elements(skipped, "skipped")[0]?.["message"]).toBe(`Skipped: ${skip?.message}`);
    expect(textsOf(skipped, "skipped")).toEqual([`Skipped: ${skip?.message}`]);
    const error = run.checks.find((check) => check.status === "error");
    expect(elements(testcaseOf(canonical, error?.id ?? ""), "error")[0]).toEqual({
      message: error?.message,
      type: "harness-error",
    });
  });

  it("puts the transcript and the curl line in system-out", async () => {
    const canonical = await canonicalReport(run);
    const check = failingCheck();
    const [out] = textsOf(testcaseOf(canonical, check.id), "system-out");
    expect(out).toContain(`> POST ${check.transcript[0]?.request.url}`);
    expect(out).toContain("< 200");
    expect(out).toContain(check.curl);
    const error = run.checks.find((c) => c.status === "error");
    expect(textsOf(testcaseOf(canonical, error?.id ?? ""), "system-out")[0]).toContain(
      "< (no response: connect ECONNREFUSED 192.0.2.10:443)",
    );
  });

  it("reports run errors as one erroring testcase in the run's own suite", async () => {
    const canonical = await canonicalReport(
      everyStatusRun({ runErrors: ["cleanup left a", "cleanup left b"] }),
    );
    const runSuite = blocksOf(canonical, "testsuite").find((s) => s.includes(`name="${runSuiteName}"`));
    expect(elements(runSuite ?? "", "error")).toHaveLength(1);
    expect(textsOf(runSuite ?? "", "error")[0]).toBe("1. cleanup left a\n2. cleanup left b");
    expect(elements(canonical, "testsuites")[0]).toMatchObject({ tests: "7", errors: "2" });
  });

  it("still identifies an empty run: zero counts and the run's facts in the run's suite", async () => {
    const canonical = await canonicalReport(emptyRun());
    expect(elements(canonical, "testsuites")[0]).toMatchObject({
      tests: "0",
      failures: "0",
      errors: "0",
      skipped: "0",
    });
    const suites = blocksOf(canonical, "testsuite");
    expect(suites).toHaveLength(1);
    expect(elements(suites[0] ?? "", "testsuite")[0]).toMatchObject({ name: runSuiteName, tests: "0" });
    expect(propertiesOf(suites[0] ?? "")["usc.run-id"]).toBe(emptyRun().runId);
  });
});
