/**
 * What a `usc run` is about to do, known before it touches the target: which suites and how many checks
 * the selection (--suite, --check, --exclude, --grep) takes. Announced at start, and a selection of nothing is refused before a
 * server starts.
 */
import { checkSelection, type SelectionOptions } from "../run/selection.ts";
import type { RunDialect } from "../config/index.ts";
import { targetCatalogue } from "../catalogue/target.checks.ts";
import { conformanceSuites } from "../../suites/index.ts";

export interface RunPlan {
  suites: number;
  /** Selected checks per suite that has any, in run order (what `usc run --list` prints). */
  perSuite?: { suite: string; checks: number }[];
  /** Declared checks selected, per dialect (the schema check of every response comes on top). */
  checks: number;
}

/** Counts with the very selection the run uses (a check's dialect does not change whether it is selected). */
export function planRun(options: SelectionOptions): RunPlan {
  const selection = checkSelection(options);
  // Opening the target decides its own checks (target.login) before the suites: they count as a suite.
  const perSuite = [targetCatalogue, ...conformanceSuites.map((suite) => suite.catalogue)]
    .map((catalogue) => ({
      suite: catalogue.suite,
      checks: catalogue.checks.filter((check) => selection.includes(catalogue.suite, "api", check)).length,
    }))
    .filter((entry) => entry.checks > 0);
  return {
    suites: perSuite.length,
    checks: perSuite.reduce((total, entry) => total + entry.checks, 0),
    perSuite,
  };
}

/** `--grep 'x' with --suite a,b`, for the message that the selection takes nothing. */
export function describeFilter(options: SelectionOptions): string {
  const list = (flag: string, names: readonly string[] | undefined) =>
    names === undefined ? [] : [`${flag} ${names.join(",")}`];
  const parts = [
    ...(options.grep === undefined ? [] : [`--grep '${options.grep}'`]),
    ...list("--suite", options.suites),
    ...list("--check", options.checks),
    ...list("--exclude", options.exclude),
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
