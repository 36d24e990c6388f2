/**
 * What a `usc run` is about to do, known before it touches the target: which suites and how many checks
 * the --grep selects. Announced at start, and a selection of nothing is refused before a server starts.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { catalogues } from "../../suites/catalogue.ts";
import type { RunDialect } from "../config/index.ts";

export interface RunPlan {
  suites: number;
  /** Declared checks selected, per dialect (the schema check of every response comes on top). */
  checks: number;
}

const suitesDir = fileURLToPath(new URL("../../suites/", import.meta.url));

/** Suites that run as files; the protocol check has none and is recorded alongside the others. */
const runnable = catalogues.filter((catalogue) => existsSync(`${suitesDir}${catalogue.suite}.suite.ts`));

function dialectsOf(dialect: RunDialect): string[] {
  return dialect === "rest" || dialect === "api" ? [dialect] : ["rest", "api"];
}

/**
 * A check is selected when the pattern matches its id, its title or the name the runner gives it
 * (`<suite> [<dialect>] <id>`): the widest reading, so the plan never refuses a run that would select
 * something.
 */
export function planRun(grep: string | undefined, dialect: RunDialect): RunPlan {
  const pattern = grep === undefined ? undefined : new RegExp(grep);
  const selected = (suite: string, id: string, title: string) =>
    pattern === undefined ||
    pattern.test(id) ||
    pattern.test(title) ||
    dialectsOf(dialect).some((d) => pattern.test(`${suite} [${d}] ${id}`));
  let suites = 0;
  let checks = 0;
  for (const catalogue of runnable) {
    const count = catalogue.checks.filter((check) => selected(catalogue.suite, check.id, check.title)).length;
    if (count > 0) suites += 1;
    checks += count;
  }
  return { suites, checks };
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
