/**
 * Expected failures: a gate that holds the line on what works today while the rest is fixed. A baseline
 * lists checks the team knows fail, each with a reason. Applied to a run, a listed check that fails is
 * marked expected (it no longer fails the run), and a listed check that now passes is stale: the entry must
 * go, or the baseline would hide the next regression of that check. Pure data in, data out.
 */
import type { BaselineEntry, BaselineOutcome, CheckResult, RunResult, StaleEntry } from "./model.ts";

export type { BaselineEntry, BaselineOutcome, StaleEntry };

export interface Baseline {
  /** Where the baseline was read from, as the user named it. */
  file: string;
  entries: BaselineEntry[];
}

/** Whether `entry` names this result. */
export function entryMatches(entry: BaselineEntry, check: Pick<CheckResult, "id" | "dialect">): boolean {
  return entry.check === check.id && (entry.dialect === undefined || entry.dialect === check.dialect);
}

/**
 * Statuses that prove the check now holds. A skip, block or error proves nothing either way, so it
 * neither uses nor stales an entry.
 */
const holdsNow = new Set<CheckResult["status"]>(["pass"]);

/** The statuses an entry may excuse: a failure, or a warning when the run fails on SHOULD. */
function excusable(check: CheckResult, failOn: RunResult["failOn"]): boolean {
  return check.status === "fail" || (failOn === "should" && check.status === "warn");
}

/** The run with the baseline applied: listed failures marked expected, stale entries recorded. */
export function applyBaseline(run: RunResult, baseline: Baseline): RunResult {
  let expectedFailures = 0;
  const checks = run.checks.map((check) => {
    const entry = baseline.entries.find((candidate) => entryMatches(candidate, check));
    if (entry === undefined || !excusable(check, run.failOn)) return check;
    expectedFailures += 1;
    return { ...check, expectedFailure: entry.reason };
  });
  // An entry is stale when what it names no longer fails anywhere and has passed somewhere. A check with
  // several results (one per operation) keeps its entry while any of them still fails.
  const stale: StaleEntry[] = [];
  for (const entry of baseline.entries) {
    const matched = run.checks.filter((check) => entryMatches(entry, check));
    if (matched.some((check) => excusable(check, run.failOn))) continue;
    const passed = matched.filter((check) => holdsNow.has(check.status));
    if (passed.length > 0)
      stale.push({ entry, dialects: [...new Set(passed.map((check) => check.dialect))] });
  }
  return {
    ...run,
    checks,
    baseline: { file: baseline.file, entries: baseline.entries.length, expectedFailures, stale },
  };
}

/** `lifecycle.create.returns-id [rest]` or without the dialect when the entry covers both. */
export function describeEntry(entry: BaselineEntry): string {
  return entry.dialect === undefined ? entry.check : `${entry.check} [${entry.dialect}]`;
}
