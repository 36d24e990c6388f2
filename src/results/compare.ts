/**
 * Two runs side by side: what broke, what was fixed, what changed and which checks appeared or went away.
 * Results are matched by their key (dialect/suite/id), so reordering never shows as a change.
 */
import type { CheckStatus } from "./model.ts";
import { resultKey } from "./model.ts";
import type { StoredResult, StoredRun } from "./read-results.ts";

/**
 * How bad a status is for a gate: a move to a higher rank is a regression. A skip ranks with a warning: a
 * check that passed and now skips no longer verifies anything, which a gate should notice.
 */
const rank: Record<CheckStatus, number> = { pass: 0, warn: 1, skip: 1, blocked: 2, error: 2, fail: 3 };

export interface StatusChange {
  key: string;
  check: StoredResult;
  from: CheckStatus;
  to: CheckStatus;
}

export interface RunComparison {
  old: StoredRun;
  new: StoredRun;
  /** Now failing, and not failing before (the gate's main question). */
  newFailures: StatusChange[];
  /** Failing before, passing now. */
  fixed: StatusChange[];
  /** Every other change of status, worse or better. */
  changed: StatusChange[];
  /** In the new run only / in the old run only. */
  added: StoredResult[];
  removed: StoredResult[];
  /** Whether anything got worse: a new failure or any change to a worse status. */
  regressed: boolean;
}

export function compareRuns(old: StoredRun, current: StoredRun): RunComparison {
  const before = new Map(old.checks.map((check) => [resultKey(check), check]));
  const after = new Map(current.checks.map((check) => [resultKey(check), check]));
  const newFailures: StatusChange[] = [];
  const fixed: StatusChange[] = [];
  const changed: StatusChange[] = [];
  for (const [key, check] of after) {
    const previous = before.get(key);
    if (previous === undefined || previous.status === check.status) continue;
    const change = { key, check, from: previous.status, to: check.status };
    if (check.status === "fail") newFailures.push(change);
    else if (previous.status === "fail" && check.status === "pass") fixed.push(change);
    else changed.push(change);
  }
  const added = [...after].filter(([key]) => !before.has(key)).map(([, check]) => check);
  const removed = [...before].filter(([key]) => !after.has(key)).map(([, check]) => check);
  const worse = changed.some((change) => rank[change.to] > rank[change.from]);
  return {
    old,
    new: current,
    newFailures,
    fixed,
    changed,
    added,
    removed,
    regressed: newFailures.length > 0 || worse || added.some((check) => check.status === "fail"),
  };
}
