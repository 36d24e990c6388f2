import type { CheckContext } from "../../src/checks/check-context.ts";
import { CheckBlocked, CheckFailed } from "../../src/checks/outcomes.ts";

/** One variant of what a check tries (a credential, a state, a form): a label and the steps that judge it. */
export interface Variant {
  label: string;
  judge: () => Promise<void>;
}

type Outcome =
  | { label: string; kind: "pass" }
  | { label: string; kind: "fail"; failure: CheckFailed }
  | { label: string; kind: "blocked"; reason: string };

function describe(outcome: Outcome): string {
  if (outcome.kind === "pass") return `${outcome.label}: as documented`;
  if (outcome.kind === "blocked") return `${outcome.label}: not tried (${outcome.reason})`;
  return `${outcome.label}: ${outcome.failure.message} (${outcome.failure.actual})`;
}

/**
 * Tries every variant even when one of them fails, so one deviation does not hide the others, and ends the
 * check with one verdict that lists each variant's outcome. A variant whose set-up could not be made is
 * listed as not tried; the check is blocked only when no variant failed and some were not tried. A warning
 * (a deviation the documents leave room for) stays a warning only when every failing variant is one.
 */
export async function judgeEach(t: CheckContext, what: string, variants: readonly Variant[]): Promise<void> {
  const outcomes: Outcome[] = [];
  for (const variant of variants) {
    try {
      await variant.judge();
      outcomes.push({ label: variant.label, kind: "pass" });
    } catch (error) {
      if (error instanceof CheckFailed) outcomes.push({ label: variant.label, kind: "fail", failure: error });
      else if (error instanceof CheckBlocked)
        outcomes.push({ label: variant.label, kind: "blocked", reason: error.message });
      else throw error;
    }
  }
  const failures = outcomes.flatMap((outcome) => (outcome.kind === "fail" ? [outcome] : []));
  const summary = outcomes.map(describe).join("; ");
  const first = failures[0];
  if (first === undefined) {
    if (outcomes.some((outcome) => outcome.kind === "blocked")) t.block(`${what}: ${summary}`);
    return;
  }
  const message = `${what}: ${failures.length} of ${outcomes.length} not as documented: ${summary}`;
  const expected = [...new Set(failures.map((outcome) => outcome.failure.expected))].join("; ");
  const actual = failures.map((outcome) => `${outcome.label}: ${outcome.failure.actual}`).join("; ");
  if (failures.every((outcome) => outcome.failure.soft))
    t.warn(message, expected, actual, first.failure.exchange);
  t.fail(message, expected, actual, first.failure.exchange);
}
