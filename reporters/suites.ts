/** Checks grouped the way every report presents them: one group per (suite, dialect) pair. */
import type { Dialect } from "../spec/dialect.ts";
import type { CheckResult } from "../src/results/model.ts";

export interface SuiteGroup {
  suite: string;
  dialect: Dialect;
  checks: CheckResult[];
}

/** `lifecycle [rest]`: the name a (suite, dialect) pair goes by in every report. */
export function suiteLabel(suite: string, dialect: Dialect): string {
  return `${suite} [${dialect}]`;
}

/** Groups in the order their first check appears (the order the run executed them), checks in run order. */
export function suiteGroups(checks: readonly CheckResult[]): SuiteGroup[] {
  const groups = new Map<string, SuiteGroup>();
  for (const check of checks) {
    const key = JSON.stringify([check.suite, check.dialect]);
    let group = groups.get(key);
    if (group === undefined) {
      group = { suite: check.suite, dialect: check.dialect, checks: [] };
      groups.set(key, group);
    }
    group.checks.push(check);
  }
  return [...groups.values()];
}
