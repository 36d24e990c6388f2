/**
 * The machine-readable results: the whole run, unabridged (bodies are not shortened here, unlike the
 * human reports), plus a summary so a reader need not recount.
 */
import type { CheckResult, RunResult, StatusCounts } from "../src/results/model.ts";
import { countStatuses, resultKey } from "../src/results/model.ts";
import { type RedactionOptions, redactValue } from "../src/http/redact.ts";
import { selectionNotes } from "./selection.ts";
import { decideVerdict, type Verdict } from "./verdict.ts";

export interface ResultsSummary {
  total: number;
  counts: StatusCounts;
  /** The run's verdict, the same the console prints and the exit code follows. */
  exitVerdict: Verdict;
  /** Why the verdict is what it is, one sentence each. */
  verdictReasons: string[];
  /** How the run was narrowed (grep, one dialect, checks left out for want of a setting); empty for a full run. */
  selection: string[];
  /** Failures an expected-failures baseline excused (they are in `counts.fail` too). */
  expectedFailures: number;
}

/**
 * The version of the results.json layout (docs/results.schema.json). Raised when a field changes meaning
 * or goes away; adding an optional field keeps it.
 */
export const resultsSchemaVersion = 1;

/** One check's result as results.json holds it: with its unique key (see resultKey). */
export type CheckResultRecord = { key: string } & CheckResult;

/**
 * What `results.json` holds: the layout version and the summary first (for humans opening the file), then
 * the run's fields.
 */
export type ResultsDocument = { schemaVersion: number; summary: ResultsSummary } & Omit<
  RunResult,
  "checks"
> & {
    checks: CheckResultRecord[];
  };

export function summaryOf(run: RunResult): ResultsSummary {
  const verdict = decideVerdict(run);
  return {
    total: run.checks.length,
    counts: countStatuses(run.checks),
    exitVerdict: verdict.verdict,
    verdictReasons: verdict.reasons,
    selection: selectionNotes(run),
    expectedFailures: run.checks.filter((check) => check.expectedFailure !== undefined).length,
  };
}

/** The document before serialisation, secrets scrubbed from every string. */
export function toResultsDocument(run: RunResult, options: RedactionOptions = {}): ResultsDocument {
  const safe = redactValue(run, options.secrets ?? []);
  return {
    schemaVersion: resultsSchemaVersion,
    summary: summaryOf(safe),
    ...safe,
    checks: safe.checks.map((check) => ({ key: resultKey(check), ...check })),
  };
}

/**
 * The run as pretty-printed JSON with a trailing newline. Secrets are scrubbed from the values before
 * serialising, never from the text: a text replacement could hit a number and break the JSON.
 */
export function toResultsJson(run: RunResult, options: RedactionOptions = {}): string {
  return `${JSON.stringify(toResultsDocument(run, options), null, 2)}\n`;
}
