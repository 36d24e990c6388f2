import type { CheckDefinition } from "../catalogue/definition.ts";
import { protocolCatalogue } from "../catalogue/protocol.checks.ts";
import type { RunDialect } from "../config/index.ts";
import { checkSelection, type SelectionOptions } from "../run/selection.ts";
import { targetCatalogue } from "../catalogue/target.checks.ts";
import { conformanceSuites } from "../../suites/index.ts";
import { describePlan, planRun } from "./run-plan.ts";

function rows(checks: readonly CheckDefinition[], idWidth: number): string[] {
  return checks.map(
    (check) =>
      `  ${check.id.padEnd(idWidth)}  ${check.level.padEnd(6)}  ${check.title}\n${" ".repeat(idWidth + 12)}requirements: ${check.requirements.join(", ")}`,
  );
}

/**
 * `usc run --list`: the checks a run with these options would run, suite by suite, then what it will report
 * (each suite once per dialect, plus the schema results every suite run adds), with the same selection and
 * counts as the run's own plan, so the list and the run never disagree.
 */
export function listChecks(options: SelectionOptions, dialect: RunDialect): string {
  const selection = checkSelection(options);
  const dialects = dialect === "both" ? 2 : dialect === "auto" ? undefined : 1;
  const groups = [targetCatalogue, ...conformanceSuites.map((suite) => suite.catalogue)]
    .map((catalogue) => ({
      suite: catalogue.suite,
      checks: catalogue.checks.filter((check) => selection.includes(catalogue.suite, "api", check)),
    }))
    .filter((group) => group.checks.length > 0);
  const schema = protocolCatalogue.checks;
  const idWidth = Math.max(
    ...groups.flatMap((group) => group.checks.map((check) => check.id.length)),
    ...schema.map((check) => check.id.length),
  );
  const lines: string[] = [];
  for (const group of groups) {
    const n = group.checks.length;
    const results =
      dialects === undefined
        ? "once per dialect the target serves"
        : `${n * dialects} result${n * dialects === 1 ? "" : "s"} (${dialects === 2 ? "both dialects" : `the ${dialect} dialect`})`;
    lines.push(
      `${group.suite}: ${n} check${n === 1 ? "" : "s"}, ${results}`,
      ...rows(group.checks, idWidth),
      "",
    );
  }
  if (groups.length > 0) {
    lines.push(
      "every suite run, in addition: one result per operation it called",
      ...rows(schema, idWidth),
      "",
    );
  }
  lines.push(describePlan(planRun(options), dialect));
  return lines.join("\n");
}
