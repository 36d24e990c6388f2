import type { Dialect } from "../../spec/index.ts";
import { registrationOrder, type ConformanceSuite } from "../checks/suite.ts";
import type { CheckResult } from "../results/model.ts";
import type { CheckSelection } from "./selection.ts";

/**
 * Every selected check of a suite, blocked in a dialect that could not be set up (its login was refused):
 * the verdicts are unknown, and each says why, so the report shows what the dialect would have covered.
 */
export function blockedResults(
  suite: ConformanceSuite,
  dialect: Dialect,
  reason: string,
  selection: CheckSelection,
): CheckResult[] {
  const name = suite.catalogue.suite;
  const definitions = new Map(suite.catalogue.checks.map((check) => [check.id, check]));
  return registrationOrder(suite)
    .map((id) => definitions.get(id))
    .filter((definition) => definition !== undefined)
    .filter((definition) => selection.includes(name, dialect, definition))
    .map((definition) => ({
      id: definition.id,
      suite: name,
      dialect,
      level: definition.level,
      requirements: definition.requirements,
      title: definition.title,
      status: "blocked" as const,
      message: reason,
      expected: undefined,
      actual: undefined,
      quote: undefined,
      transcript: [],
      curl: undefined,
      durationMs: 0,
    }));
}
