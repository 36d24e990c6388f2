import { loadRequirements, type Level, type Requirement } from "../../spec/catalogue.ts";
import type { Dialect } from "../../spec/dialect.ts";
import type { CheckLevel, CheckResult, CheckStatus, RunResult } from "../../src/results/model.ts";
import { catalogues } from "../../src/catalogue/index.ts";
import { runUsc } from "./run-embedded.ts";
import { awaitingChecks } from "./traceability-gaps.ts";

/**
 * Traceability: for every requirement of spec/requirements.yaml, the checks that name it and their verdicts
 * on the embedded reference server, or why none can test it. Shared by test/traceability.test.ts (which
 * asserts it) and scripts/traceability.ts (which writes docs/traceability.md), so both judge one run alike.
 */

/** Where scripts/traceability.ts writes the document. */
export const traceabilityPath = new URL("../../docs/traceability.md", import.meta.url);

/** Statuses that mean a check ran against the target; skip, blocked and error do not. */
const ranStatuses: ReadonlySet<CheckStatus> = new Set(["pass", "fail", "warn"]);
/** How a check's statuses in one dialect are listed: the most telling first. */
const statusOrder: readonly CheckStatus[] = ["fail", "error", "warn", "blocked", "pass", "skip"];
const levels: readonly Level[] = ["MUST", "SHOULD", "MAY"];

/** One check that names a requirement, with what it did in each dialect the requirement holds for. */
export interface CheckTrace {
  id: string;
  suite: string;
  level: CheckLevel;
  /** Per dialect, the distinct statuses its results had (several for protocol.response-schema); [] if none. */
  verdicts: Array<{ dialect: Dialect; statuses: CheckStatus[] }>;
  /** It ran (pass, fail or warn) in a dialect the requirement holds for. */
  ran: boolean;
}

/**
 * - covered: a check naming it ran on the reference server in a dialect it holds for;
 * - excluded: none did, and spec/requirements.yaml says why none can;
 * - awaiting: none did, and scripts/support/traceability-gaps.ts names the check that would;
 * - untested: none did and nothing says why (a failure of the rule).
 */
export type Coverage = "covered" | "excluded" | "awaiting" | "untested";

export interface RequirementTrace {
  requirement: Requirement;
  /** Every check that names the requirement, sorted by id. */
  checks: CheckTrace[];
  coverage: Coverage;
  /** What scripts/support/traceability-gaps.ts says would test it, if it is listed there. */
  awaiting: string | undefined;
}

export interface Traceability {
  requirements: RequirementTrace[];
  /** The run's results, for the checks on the catalogue itself. */
  results: readonly CheckResult[];
}

/** The checks of every suite catalogue, with their suite. */
function declaredChecks() {
  return catalogues.flatMap((catalogue) =>
    catalogue.checks.map((check) => ({ ...check, suite: catalogue.suite })),
  );
}

function sortedStatuses(statuses: Iterable<CheckStatus>): CheckStatus[] {
  const present = new Set(statuses);
  return statusOrder.filter((status) => present.has(status));
}

/** Builds the traceability of every requirement from the results of one run of every suite. */
export function traceRequirements(results: readonly CheckResult[]): Traceability {
  const statuses = new Map<string, CheckStatus[]>();
  for (const result of results) {
    const key = `${result.id} ${result.dialect}`;
    statuses.set(key, [...(statuses.get(key) ?? []), result.status]);
  }
  const checks = declaredChecks();
  const requirements = [...loadRequirements()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((requirement): RequirementTrace => {
      const traces = checks
        .filter((check) => check.requirements.includes(requirement.id))
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((check): CheckTrace => {
          const verdicts = requirement.dialects.map((dialect) => ({
            dialect,
            statuses: sortedStatuses(statuses.get(`${check.id} ${dialect}`) ?? []),
          }));
          const ran = verdicts.some((verdict) => verdict.statuses.some((status) => ranStatuses.has(status)));
          return { id: check.id, suite: check.suite, level: check.level, verdicts, ran };
        });
      const awaiting = awaitingChecks[requirement.id];
      const coverage: Coverage = traces.some((check) => check.ran)
        ? "covered"
        : requirement.excluded !== undefined
          ? "excluded"
          : awaiting !== undefined
            ? "awaiting"
            : "untested";
      return { requirement, checks: traces, coverage, awaiting };
    });
  return { requirements, results };
}

/** Requirements no check that ran covers and nothing explains: each a sentence saying what to do. */
export function uncoveredProblems(trace: Traceability): string[] {
  return trace.requirements
    .filter((entry) => entry.coverage === "untested")
    .map(({ requirement, checks }) => {
      const named =
        checks.length === 0
          ? "no check names it"
          : `the checks naming it did not run here (${checks.map((check) => `${check.id}: ${describeVerdicts(check)}`).join("; ")})`;
      return `${requirement.id} (${requirement.level}): ${named}; add it to a check that tests it, or give it an excluded: reason in spec/requirements.yaml`;
    });
}

/**
 * An explanation that no longer holds: an excluded or awaiting requirement that a check now covers, or a
 * gap entry that names no requirement or contradicts an exclusion.
 */
export function staleExplanationProblems(trace: Traceability): string[] {
  const problems: string[] = [];
  for (const { requirement, checks, coverage, awaiting } of trace.requirements) {
    if (coverage !== "covered") {
      if (requirement.excluded !== undefined && awaiting !== undefined)
        problems.push(
          `${requirement.id} is both excluded in spec/requirements.yaml and awaiting a check in scripts/support/traceability-gaps.ts; keep one`,
        );
      continue;
    }
    const ran = checks.filter((check) => check.ran).map((check) => check.id);
    if (requirement.excluded !== undefined)
      problems.push(
        `${requirement.id} carries excluded: in spec/requirements.yaml, but ${ran.join(", ")} ran on the reference server and tested it; remove the exclusion`,
      );
    if (awaiting !== undefined)
      problems.push(
        `${requirement.id} is listed in scripts/support/traceability-gaps.ts, but ${ran.join(", ")} tested it on the reference server; take it off the list`,
      );
  }
  const known = new Set(trace.requirements.map((entry) => entry.requirement.id));
  for (const id of Object.keys(awaitingChecks).sort())
    if (!known.has(id))
      problems.push(
        `scripts/support/traceability-gaps.ts lists ${id}, which spec/requirements.yaml does not have`,
      );
  return problems;
}

/**
 * Checks that name no requirement, or one spec/requirements.yaml does not have: in the suite catalogues,
 * and in the results of a run when given (they carry the ids the run's code had).
 */
export function requirementIdProblems(results: readonly CheckResult[] = []): string[] {
  const known = new Set(loadRequirements().map((requirement) => requirement.id));
  const problems: string[] = [];
  for (const check of declaredChecks()) {
    if (check.requirements.length === 0) problems.push(`${check.id} names no requirement`);
    for (const id of check.requirements)
      if (!known.has(id))
        problems.push(`${check.id} names ${id}, which spec/requirements.yaml does not have`);
  }
  const reported = new Set<string>();
  for (const result of results) {
    if (result.requirements.length === 0) reported.add(`the result of ${result.id} names no requirement`);
    for (const id of result.requirements)
      if (!known.has(id))
        reported.add(`the result of ${result.id} names ${id}, which spec/requirements.yaml does not have`);
  }
  return [...problems, ...reported];
}

/** Every rule the traceability holds, as sentences; empty when all hold. */
export function traceabilityProblems(trace: Traceability): string[] {
  return [
    ...requirementIdProblems(trace.results),
    ...uncoveredProblems(trace),
    ...staleExplanationProblems(trace),
  ];
}

/**
 * Runs every suite in both dialects against the embedded reference server (`usc run` as a process, like
 * a user), with any USC_* settings of the caller's environment removed so the run is always the same.
 */
export async function runReference(): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.keys(process.env)
      .filter((name) => name.startsWith("USC_"))
      .map((name) => [name, undefined]),
  );
  const outcome = await runUsc(["--dialect", "both", "--fail-on", "must"], { env, timeoutMs: 180_000 });
  const results = outcome.results;
  if (results === undefined)
    throw new Error(
      `usc run wrote no results.json (exit ${String(outcome.code)}): ${outcome.stderr.slice(-2000)}`,
    );
  if (!results.embeddedTarget) throw new Error(`usc run tested ${results.target}, not the embedded server`);
  return results;
}

// ------------------------------------------------------------------------------------------- rendering

/** Text for a Markdown table cell: one line, nothing that would start a link, code span, strike, tag or column. */
function cell(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/&/g, "&amp;")
    .replace(/[\\`*_~[\]|]/g, (c) => `\\${c}`)
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** A quote cut at a word boundary when it is long; the full text is in spec/requirements.yaml. */
function shortQuote(quote: string, max = 160): string {
  const text = quote.replace(/\s+/g, " ").trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")} …`;
}

/** A seed as a link to its copy in spec/sources, a URL as a link named by its host and last segment. */
function sourceLink(source: string): string {
  if (source.startsWith("seed:")) {
    const name = source.slice("seed:".length);
    return `[${cell(source)}](../spec/sources/${encodeURI(name)})`;
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return cell(source);
  }
  const segments = url.pathname.split("/").filter((segment) => segment !== "");
  const last = segments.at(-1);
  const host = url.hostname.replace(/^www\./, "");
  const name = last === undefined ? host : `${host}/…/${decodeURIComponent(last)}`;
  return `[${cell(name)}](${source.replace(/[()\s]/g, encodeURIComponent)})`;
}

function describeVerdicts(check: CheckTrace): string {
  return check.verdicts
    .map(({ dialect, statuses }) => `${dialect} ${statuses.length === 0 ? "not run" : statuses.join("/")}`)
    .join(", ");
}

function checksCell(entry: RequirementTrace): string {
  const lines = entry.checks.map((check) => `\`${check.id}\`: ${describeVerdicts(check)}`);
  if (entry.coverage === "excluded") lines.unshift(`**excluded**: ${cell(entry.requirement.excluded ?? "")}`);
  if (entry.coverage === "awaiting") lines.unshift(`**awaiting a check**: ${cell(entry.awaiting ?? "")}`);
  if (entry.coverage === "untested") lines.unshift("**untested**: no check ran and no reason is given");
  return lines.join("<br>");
}

function summaryTable(trace: Traceability): string[] {
  const coverages: Coverage[] = ["covered", "excluded", "awaiting", "untested"];
  const row = (label: string, entries: RequirementTrace[]) =>
    `| ${label} | ${entries.length} | ${coverages
      .map((coverage) => entries.filter((entry) => entry.coverage === coverage).length)
      .join(" | ")} |`;
  return [
    "| Level | Requirements | Covered | Excluded | Awaiting a check | Untested |",
    "| ----- | -----------: | ------: | -------: | ---------------: | -------: |",
    ...levels.map((level) =>
      row(
        level,
        trace.requirements.filter((entry) => entry.requirement.level === level),
      ),
    ),
    row("all", trace.requirements),
  ];
}

/**
 * docs/traceability.md: deterministic for a given catalogue and set of verdicts (sorted, and no run id,
 * time, URL or duration), so the test can compare it with what the script wrote.
 */
export function renderTraceability(trace: Traceability): string {
  const lines = [
    "# Traceability: requirements, checks and their verdicts on the reference server",
    "",
    "<!-- Written by `npx tsx scripts/traceability.ts`; test/traceability.test.ts fails when it is stale. -->",
    "",
    "Every requirement of [spec/requirements.yaml](../spec/requirements.yaml), the checks that name it, and the",
    "verdict of each in every dialect the requirement holds for, from one `usc run` of every suite in both",
    "dialects against the embedded reference server. A requirement is **covered** when a check naming it ran",
    "there (pass, fail or warn; skip and blocked do not count), **excluded** when the catalogue says why no",
    "check can test it against the reference server, and **awaiting a check** when one could but none does",
    "yet ([scripts/support/traceability-gaps.ts](../scripts/support/traceability-gaps.ts)). Quotes are shortened;",
    "the catalogue has them in full. `protocol.response-schema` runs once per operation a suite exercised;",
    "its verdict here lists every status those runs had.",
    "",
    "## Summary",
    "",
    ...summaryTable(trace),
    "",
    "## Requirements",
    "",
    "| Requirement | Level | Quote | Source | Checks: verdict per dialect |",
    "| ----------- | ----- | ----- | ------ | --------------------------- |",
    ...trace.requirements.map((entry) => {
      const { requirement } = entry;
      const source = requirement.sources[0];
      return `| \`${requirement.id}\` | ${requirement.level} | ${cell(shortQuote(requirement.quote))} | ${
        source === undefined ? "" : sourceLink(source)
      } | ${checksCell(entry)} |`;
    }),
    "",
  ];
  return lines.join("\n");
}
