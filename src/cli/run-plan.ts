/**
 * What a `usc run` is about to do, known before it touches the target: which suites and how many checks
 * the selection (--grep, --suite) takes. Announced at start, and a selection of nothing is refused before a
 * server starts.
 */
import { checkSelection } from "../run/selection.ts";
import type { RunDialect } from "../config/index.ts";
import { conformanceSuites } from "../../suites/index.ts";

export interface RunPlan {
  suites: number;
  /** Declared checks selected, per dialect (the schema check of every response comes on top). */
  checks: number;
}

/** Counts with the very selection the run uses (a check's dialect does not change whether it is selected). */
export function planRun(grep: string | undefined, suiteNames: readonly string[] | undefined): RunPlan {
  const selection = checkSelection({ grep, suites: suiteNames });
  let suites = 0;
  let checks = 0;
  for (const { catalogue } of conformanceSuites) {
    const count = catalogue.checks.filter((check) =>
      selection.includes(catalogue.suite, "api", check),
    ).length;
    if (count > 0) suites += 1;
    checks += count;
  }
  return { suites, checks };
}

/** `--grep 'x' with --suite a,b`, for the message that the selection takes nothing. */
export function describeFilter(grep: string | undefined, suiteNames: readonly string[] | undefined): string {
  const parts = [
    ...(grep === undefined ? [] : [`--grep '${grep}'`]),
    ...(suiteNames === undefined ? [] : [`--suite ${suiteNames.join(",")}`]),
  ];
  return parts.length === 0 ? "the selection" : parts.join(" with ");
}

/**
 * `11 suites, 123 checks, both dialects: 246 results plus one schema result per operation called`. The
 * schema check (protocol.response-schema) reports once per operation a suite calls, which no plan knows.
 */
export function describePlan(plan: RunPlan, dialect: RunDialect): string {
  const s = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const head = `${s(plan.suites, "suite")}, ${s(plan.checks, "check")}`;
  const schema = "plus one schema result per operation called";
  if (dialect === "auto") return `${head}, in each dialect the target serves, ${schema}`;
  const dialects = dialect === "both" ? 2 : 1;
  const which = dialect === "both" ? "both dialects" : `the ${dialect} dialect`;
  return `${head}, ${which}: ${s(plan.checks * dialects, "result")} ${schema}`;
}
