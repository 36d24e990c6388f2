/**
 * The run's one verdict, with its reasons: every reporter and the CLI's exit code read it from here, so the
 * console, report.md, results.json and junit.xml can never disagree about a run.
 */
import type { RunResult } from "../src/results/model.ts";
import { describeEntry } from "../src/results/baseline.ts";
import { countStatuses } from "../src/results/model.ts";

/**
 * - pass: every selected check ran to a verdict and none failed at the fail-on level.
 * - fail: the target broke the contract (a check failed at the fail-on level).
 * - incomplete: nothing proves the target wrong, but the run did not verify everything it set out to: it
 *   could not start, was interrupted, hit harness or network errors, had checks blocked, or ran no check.
 */
export type Verdict = "pass" | "fail" | "incomplete";

export interface RunVerdict {
  verdict: Verdict;
  /** One sentence per fact that decided the verdict, most important first. Never empty. */
  reasons: string[];
}

type VerdictInput = Pick<RunResult, "checks" | "failOn" | "runErrors" | "startFailure" | "interrupted"> &
  Partial<Pick<RunResult, "baseline" | "profile">>;

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** What keeps the run from being complete, one sentence each (empty when it is complete). */
function gaps(run: VerdictInput): string[] {
  const counts = countStatuses(run.checks);
  const out: string[] = [];
  if (run.startFailure !== undefined) out.push(`the run could not start: ${run.startFailure}`);
  if (run.interrupted) out.push(`the run was interrupted after ${count(run.checks.length, "check")}`);
  const runErrors = run.runErrors.filter((problem) => problem !== run.startFailure);
  if (!run.interrupted && runErrors.length > 0)
    out.push(`${count(runErrors.length, "run error")} (problems of the run itself)`);
  if (counts.error > 0)
    out.push(`${count(counts.error, "check")} ended in a harness or network error, verdict unknown`);
  if (counts.blocked > 0)
    out.push(`${count(counts.blocked, "check")} blocked by a failed prerequisite, verdict unknown`);
  if (run.checks.length === 0 && run.startFailure === undefined && !run.interrupted) out.push("no check ran");
  // A profile not met leaves checks the profile requires without a verdict: nothing wrong, nothing certified.
  if (run.profile !== undefined && !run.profile.met)
    for (const gap of run.profile.gaps) out.push(`the ${run.profile.name} profile is not met: ${gap}`);
  return out;
}

/** Computed from the run's results alone, so every reader of the same RunResult gets the same verdict. */
export function decideVerdict(run: VerdictInput): RunVerdict {
  // A failure the baseline expects does not fail the run; a stale entry does, so the baseline shrinks.
  const counts = countStatuses(run.checks.filter((check) => check.expectedFailure === undefined));
  const failures: string[] = [];
  if (counts.fail > 0) failures.push(`${count(counts.fail, "check")} failed`);
  if (run.failOn === "should" && counts.warn > 0)
    failures.push(`${count(counts.warn, "check")} warned, and the run fails on SHOULD`);
  for (const { entry, dialects } of run.baseline?.stale ?? [])
    failures.push(
      `stale expected failure: ${describeEntry(entry)} passes now (${dialects.join(", ")}); delete the entry from ${run.baseline?.file ?? "the baseline"}`,
    );
  const missing = gaps(run);
  // An interrupted or unstarted run is incomplete even with failures: the user or the target stopped it.
  const stopped = run.startFailure !== undefined || run.interrupted;
  if (failures.length > 0 && !stopped) return { verdict: "fail", reasons: [...failures, ...missing] };
  if (missing.length > 0) return { verdict: "incomplete", reasons: [...missing, ...failures] };
  const level = run.failOn === "should" ? "MUST or SHOULD" : "MUST";
  const expected =
    run.checks.length - run.checks.filter((check) => check.expectedFailure === undefined).length;
  const excused =
    expected === 0
      ? ""
      : ` (${count(expected, "expected failure")} excused by ${run.baseline?.file ?? "the baseline"})`;
  return {
    verdict: "pass",
    reasons: [
      `${count(run.checks.length, "check")} ran to a verdict; none failed at the ${level} level${excused}`,
    ],
  };
}

/** The verdict alone. */
export function verdictOf(run: VerdictInput): Verdict {
  return decideVerdict(run).verdict;
}
