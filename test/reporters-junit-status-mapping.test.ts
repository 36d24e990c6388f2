import { describe, expect, it } from "vitest";
import { blockedPrefix, failureMessage, runSuiteName, toJUnitXml } from "../reporters/junit.ts";
import { suiteGroups } from "../reporters/suites.ts";
import { countStatuses, type RunResult } from "../src/results/model.ts";
import { blocksOf, canonicalXml, elements, propertiesOf, textsOf } from "./fixtures/junit/lint.ts";
import { emptyRun, everyStatusRun, failingCheck, sampleCheck, sampleRun } from "./support/sample-run.ts";

/** Canonical forms by report text: most tests read the same report, and each xmllint call costs ~0.1 CPU-s. */
const canonicalForms = new Map<string, Promise<string>>();

async function canonicalReport(run: RunResult, transcripts?: "all" | "failures" | "none"): Promise<string> {
  const xml = toJUnitXml(run, { transcripts });
  const known = canonicalForms.get(xml) ?? canonicalXml(xml);
  canonicalForms.set(xml, known);
  return known;
}

function testcaseOf(canonical: string, checkId: string): string {
  const block = blocksOf(canonical, "testcase").find((b) =>
    elements(b, "testcase")[0]?.["name"]?.startsWith(`${checkId}: `),
  );
  if (block === undefined) throw new Error(`no testcase for ${checkId}`);
  return block;
}

function suiteNamed(canonical: string, name: string): string {
  const block = blocksOf(canonical, "testsuite").find((s) => elements(s, "testsuite")[0]?.["name"] === name);
  if (block === undefined) throw new Error(`no testsuite ${name}`);
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

  it("keeps the testsuites and testsuite counts consistent with their testcases, with no skipped on testsuites", async () => {
    const canonical = await canonicalReport(run);
    const [root] = elements(canonical, "testsuites");
    expect(root).toEqual({
      name: `usc run ${run.runId}`,
      tests: String(run.checks.length),
      failures: String(counts.fail),
      errors: String(counts.error),
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

  it("opens with the run's own suite, then one testsuite per (suite, dialect), classname suite.dialect", async () => {
    const canonical = await canonicalReport(run);
    expect(elements(canonical, "testsuite").map((s) => s["name"])).toEqual([
      runSuiteName,
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

  it("carries the run's facts once, in the run's suite, and no properties inside any testcase", async () => {
    const canonical = await canonicalReport(run);
    expect(blocksOf(canonical, "properties")).toHaveLength(1);
    for (const testcase of blocksOf(canonical, "testcase")) expect(testcase).not.toContain("<properties");
    expect(propertiesOf(suiteNamed(canonical, runSuiteName))).toMatchObject({
      "usc.run-id": run.runId,
      "usc.target": run.target,
      "usc.dialects": "rest,api",
      "usc.suite-version": run.suiteVersion,
      "usc.spec-hash": run.specHash,
      "usc.fail-on": "must",
      "usc.counts": "pass=1 fail=1 warn=1 skip=1 blocked=1 error=1",
      "usc.verdict": "fail",
      "usc.selection": "every check",
    });
  });

  it("puts each check's status, id, dialect and level at the top of its system-out, and the requirement ids of those that did not pass", async () => {
    const canonical = await canonicalReport(run);
    const headline = { pass: "PASS", fail: "FAIL", warn: "WARNING", skip: "SKIPPED" } as const;
    for (const check of run.checks) {
      const [out] = textsOf(testcaseOf(canonical, check.id), "system-out");
      const [first, second] = out?.split("\n") ?? [];
      const status = check.status in headline ? headline[check.status as keyof typeof headline] : undefined;
      if (status !== undefined)
        expect(first).toBe(`${status}: ${check.id} [${check.dialect}] (${check.level}): ${check.message}`);
      const context = `Check: ${check.id} (${check.suite}, ${check.dialect}, ${check.level}; requirements: ${check.requirements.join(", ")})`;
      if (check.status === "pass" || check.status === "skip") expect(second).toBeUndefined();
      else expect(second).toBe(context);
    }
  });

  it("says expected and actual in the failure's one-line message, and the evidence in its text", async () => {
    const check = failingCheck({ message: "wrong error" });
    const canonical = await canonicalReport(sampleRun({ checks: [check] }));
    const [failure] = elements(canonical, "failure");
    expect(failure).toEqual({
      message:
        "wrong error (expected 400 with error type com.vmware.vapi.std.errors.not_allowed_in_current_state; got 200 with an empty body)",
      type: "MUST",
    });
    const [text] = textsOf(canonical, "failure");
    expect(text).toContain(`Check: ${check.id}`);
    expect(text).toContain(
      "Request: POST /rest/com/vmware/content/library/item/update-session/id:session-1?~action=complete",
    );
    expect(text).toContain(`Expected: ${check.expected}`);
    expect(text).toContain(`Documents say: "${check.quote}"`);
    expect(text).toContain(`Actual: ${check.actual}`);
    expect(text).toContain(check.curl);
    // A message that already says both is not repeated.
    const said = failingCheck({
      message: "got 200 with an empty body, expected 400 with error type X",
      expected: "400 with error type X",
      actual: "200 with an empty body",
    });
    expect(failureMessage(said)).toBe(said.message);
  });

  it("shows a warning as a passing testcase whose system-out starts with WARNING", async () => {
    const canonical = await canonicalReport(run);
    const warned = run.checks.find((check) => check.status === "warn");
    const block = testcaseOf(canonical, warned?.id ?? "");
    expect(block).not.toMatch(/<(failure|error|skipped)[\s>]/);
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

  it("puts transcripts in system-out only for checks that did not pass or skip, by default", async () => {
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
    const passed = run.checks.find((c) => c.status === "pass");
    const [passOut] = textsOf(testcaseOf(canonical, passed?.id ?? ""), "system-out");
    expect(passOut).not.toContain("--- exchange");
    expect(passOut?.split("\n")).toHaveLength(1);
  });

  it("puts every transcript in with transcripts 'all', and none with 'none'", async () => {
    const passed = run.checks.find((c) => c.status === "pass")?.id ?? "";
    const all = await canonicalReport(run, "all");
    expect(textsOf(testcaseOf(all, passed), "system-out")[0]).toContain("--- exchange 1 of 1");
    const none = await canonicalReport(run, "none");
    for (const out of textsOf(none, "system-out")) expect(out).not.toContain("--- exchange");
    expect(textsOf(none, "failure")[0]).toContain("Reproduce:");
  });

  it("keeps an all-pass report small: no transcript, about a line or two per check", () => {
    const checks = Array.from({ length: 480 }, (_, index) =>
      sampleCheck({
        id: `lifecycle.check-${index}`,
        transcript: [sampleCheck().transcript[0]!, sampleCheck().transcript[0]!],
      }),
    );
    const passing = sampleRun({ checks });
    const small = Buffer.byteLength(toJUnitXml(passing));
    const full = Buffer.byteLength(toJUnitXml(passing, { transcripts: "all" }));
    expect(small / checks.length).toBeLessThan(600);
    expect(full).toBeGreaterThan(small * 2);
  });

  it("reports run errors as one erroring testcase in the run's own suite", async () => {
    const canonical = await canonicalReport(
      everyStatusRun({ runErrors: ["cleanup left a", "cleanup left b"] }),
    );
    const runSuite = suiteNamed(canonical, runSuiteName);
    expect(elements(runSuite, "error")).toEqual([
      { message: "2 problem(s) of the run itself: cleanup left a", type: "run-error" },
    ]);
    expect(textsOf(runSuite, "error")[0]).toMatch(/Run errors:\n1\. cleanup left a\n2\. cleanup left b$/);
    expect(elements(canonical, "testsuites")[0]).toMatchObject({ tests: "7", errors: "2" });
  });

  it("makes an incomplete verdict an erroring testcase, so CI never shows such a run as green", async () => {
    const blocked = sampleRun({ checks: [sampleCheck(), failingCheck({ status: "blocked" })] });
    const canonical = await canonicalReport(blocked);
    const runSuite = suiteNamed(canonical, runSuiteName);
    expect(elements(runSuite, "error")).toEqual([
      {
        message: "verdict INCOMPLETE: 1 check blocked by a failed prerequisite, verdict unknown",
        type: "incomplete",
      },
    ]);
    expect(propertiesOf(runSuite)["usc.verdict"]).toBe("incomplete");
    expect(textsOf(runSuite, "system-out")[0]?.split("\n")[0]).toBe("verdict INCOMPLETE (fail on must)");
  });

  it("still identifies an empty run: the run's facts and its incomplete verdict in the run's suite", async () => {
    const canonical = await canonicalReport(emptyRun());
    expect(elements(canonical, "testsuites")[0]).toMatchObject({ tests: "1", failures: "0", errors: "1" });
    const suites = blocksOf(canonical, "testsuite");
    expect(suites).toHaveLength(1);
    expect(elements(suites[0] ?? "", "testsuite")[0]).toMatchObject({ name: runSuiteName, tests: "1" });
    expect(propertiesOf(suites[0] ?? "")["usc.run-id"]).toBe(emptyRun().runId);
    expect(elements(suites[0] ?? "", "error")[0]?.["message"]).toBe("verdict INCOMPLETE: no check ran");
  });

  it("records a filtered run's selection with the run's facts", async () => {
    const filtered = sampleRun({
      dialects: ["api"],
      selection: { grep: "create", dialect: "api", notConfigured: [] },
    });
    const runSuite = suiteNamed(await canonicalReport(filtered), runSuiteName);
    expect(propertiesOf(runSuite)["usc.selection"]).toBe(
      "only the checks matching --grep 'create'; only the api dialect (--dialect api)",
    );
    expect(textsOf(runSuite, "system-out")[0]).toContain("This run covers a selection only:");
  });
});
