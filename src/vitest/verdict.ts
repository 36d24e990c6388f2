/**
 * What a check's result means for a vitest test, as data: vitest itself is called only by conformance.ts,
 * so this mapping is a pure function with the reports' own wording (the JUnit failure message, the evidence
 * block, the blocked prefix), and a test reads the same as the report of a `usc run`.
 */
import { blockedPrefix, failureMessage } from "../../reporters/junit.ts";
import { redactAll } from "../http/redact.ts";
import { oneLine } from "../../reporters/text.ts";
import { evidenceLines } from "../../reporters/transcript.ts";
import type { CheckResult } from "../results/model.ts";

export type FailOn = "must" | "should";

export type TestVerdict =
  | { kind: "pass" }
  /** A passing test that carries a note: a SHOULD or MAY the target broke, when the run fails on MUST only. */
  | { kind: "warn"; note: string }
  | { kind: "skip"; note: string }
  | { kind: "fail"; message: string };

/** The one-line message, then the evidence a reader acts on (check, request, expected, actual, curl). */
function failureText(check: CheckResult): string {
  return [failureMessage(check), "", ...evidenceLines(check)].join("\n");
}

/**
 * fail and error fail the test; skip and blocked skip it with the reason; warn passes with a note, or fails
 * when the run fails on SHOULD. Every text is scrubbed of the run's secrets, as the reporters do.
 */
export function testVerdict(check: CheckResult, failOn: FailOn, secrets: readonly string[]): TestVerdict {
  const scrub = (text: string) => redactAll(text, secrets);
  switch (check.status) {
    case "pass":
      return { kind: "pass" };
    case "fail":
    case "error":
      return { kind: "fail", message: scrub(failureText(check)) };
    case "warn":
      return failOn === "should"
        ? { kind: "fail", message: scrub(failureText(check)) }
        : { kind: "warn", note: scrub(`WARNING (${check.level}): ${failureMessage(check)}`) };
    case "skip":
      return { kind: "skip", note: scrub(oneLine(check.message)) };
    case "blocked":
      return { kind: "skip", note: scrub(`${blockedPrefix}${oneLine(check.message)}`) };
  }
}

/**
 * The schema check of one suite in one dialect: the suite reports one result per operation it exercised,
 * and vitest gets one test for all of them, so they fold into one verdict that lists every failing operation.
 */
export function foldSchemaResults(results: readonly CheckResult[]): CheckResult | undefined {
  const first = results[0];
  if (first === undefined) return undefined;
  const failed = results.filter((result) => result.status !== "pass");
  const lead = failed[0];
  if (lead === undefined) return { ...first, message: results.map((result) => result.message).join("; ") };
  if (failed.length === 1) return lead;
  return {
    ...lead,
    message: `${failed.length} operations answered outside the spec: ${failed.map((result) => result.message).join("; ")}`,
  };
}
