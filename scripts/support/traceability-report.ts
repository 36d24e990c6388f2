import { loadRequirements, type Level, type Requirement } from "../../spec/catalogue.ts";
import type { Dialect } from "../../spec/dialect.ts";
import type { CheckLevel, CheckResult, CheckStatus } from "../../src/results/model.ts";
import { catalogues } from "../../src/catalogue/index.ts";
import type { CatchMatrix } from "./catch-matrix-runner.ts";
import { awaitingChecks } from "./traceability-gaps.ts";
import { faultTable, type FaultDefinition } from "../../server/index.ts";
import { proveAll, type Proof } from "./traceability-proof.ts";
import { unprovenChecks } from "./traceability-unproven-checks.ts";

/**
 * Traceability: for every requirement of spec/requirements.yaml, the checks that name it and their verdicts
 * on the reference server, the faults that prove a check catches it breaking, or why none can test it.
 * Built from the catch matrix's runs (its clean run for the verdicts, its fault runs for the proofs), so
 * the matrix's one run feeds docs/catch-matrix.md and docs/traceability.md alike; shared by
 * test/catch-matrix.test.ts (which asserts it) and the scripts that write the documents.
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
  /**
   * Fault runs in which a fault breaking the requirement made a check naming it fail (or warn, for a
   * SHOULD or MAY requirement): the requirement is proven when there is one.
   */
  proofs: Proof[];
  /** What scripts/support/traceability-gaps.ts says would test it, if it is listed there. */
  awaiting: string | undefined;
}

/** One check of the catalogues with the fault runs that prove it is not vacuous. */
export interface CheckProofTrace {
  id: string;
  level: CheckLevel;
  proofs: Proof[];
}

export interface Traceability {
  requirements: RequirementTrace[];
  /** Every check of the catalogues, in catalogue order, with its proofs. */
  checks: CheckProofTrace[];
}

/** What traceability reads of a run's results. */
export type TracedResult = Pick<CheckResult, "id" | "dialect" | "status">;

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

/**
 * Builds the traceability of every requirement from the catch matrix: verdicts from its clean run (every
 * suite, both dialects, against the unmodified reference server), proofs from its fault runs.
 */
export function traceMatrix(matrix: CatchMatrix): Traceability {
  return traceRequirements(matrix.clean.checks, matrix);
}

/** The traceability from one run of every suite (`results`) and the fault runs of a catch matrix. */
export function traceRequirements(results: readonly TracedResult[], matrix: CatchMatrix): Traceability {
  const proofs = proveAll(matrix);
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
      return {
        requirement,
        checks: traces,
        coverage,
        awaiting,
        proofs: proofs.requirements.get(requirement.id) ?? [],
      };
    });
  const checkProofs = checks.map((check) => ({
    id: check.id,
    level: check.level,
    proofs: proofs.checks.get(check.id) ?? [],
  }));
  return { requirements, checks: checkProofs };
}

/**
 * Checks no fault proves (none makes the check fail while breaking a requirement it names) that
 * scripts/support/traceability-unproven-checks.ts does not list, and listed ones a fault now proves.
 */
export function vacuousCheckProblems(trace: Traceability): string[] {
  const problems: string[] = [];
  const ids = new Set(trace.checks.map((check) => check.id));
  for (const check of trace.checks) {
    const listed = unprovenChecks[check.id] !== undefined;
    if (check.proofs.length === 0 && !listed)
      problems.push(
        `${check.id}: no fault that breaks a requirement it names makes it ${check.level === "MUST" ? "fail" : "fail or warn"}; add such a fault (breaks: and catchers: in server/faults.ts), or list it in scripts/support/traceability-unproven-checks.ts with the reason`,
      );
    if (check.proofs.length > 0 && listed)
      problems.push(
        `${check.id} is listed in scripts/support/traceability-unproven-checks.ts, but ${check.proofs.map((proof) => proof.fault).join(", ")} proves it; take it off the list`,
      );
  }
  for (const id of Object.keys(unprovenChecks).sort())
    if (!ids.has(id))
      problems.push(
        `scripts/support/traceability-unproven-checks.ts lists ${id}, which no catalogue declares`,
      );
  return problems;
}

/** The requirements counted as proven. */
export function provenRequirements(trace: Traceability): RequirementTrace[] {
  return trace.requirements.filter((entry) => entry.proofs.length > 0);
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

/** Checks of the suite catalogues that name no requirement, or one spec/requirements.yaml does not have. */
export function requirementIdProblems(): string[] {
  const known = new Set(loadRequirements().map((requirement) => requirement.id));
  const problems: string[] = [];
  for (const check of declaredChecks()) {
    if (check.requirements.length === 0) problems.push(`${check.id} names no requirement`);
    for (const id of check.requirements)
      if (!known.has(id))
        problems.push(`${check.id} names ${id}, which spec/requirements.yaml does not have`);
  }
  return problems;
}

/** Every rule the traceability holds, as sentences; empty when all hold. */
export function traceabilityProblems(trace: Traceability): string[] {
  return [
    ...requirementIdProblems(),
    ...uncoveredProblems(trace),
    ...staleExplanationProblems(trace),
    ...vacuousCheckProblems(trace),
  ];
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

function faultBreaking(id: string): boolean {
  const faults: readonly FaultDefinition[] = faultTable;
  return faults.some((fault) => fault.breaks.includes(id));
}

/** The faults that prove a requirement: each fault once, with the checks that failed in its run. */
function provenCell(entry: RequirementTrace): string {
  if (entry.proofs.length === 0) return "**not yet proven**";
  const byFault = new Map<string, string[]>();
  for (const proof of entry.proofs)
    byFault.set(proof.fault, [
      ...(byFault.get(proof.fault) ?? []),
      `\`${proof.check}\` (${proof.dialects.join(", ")})`,
    ]);
  return [...byFault].map(([fault, checks]) => `\`${fault}\`: ${checks.join(", ")}`).join("<br>");
}

function summaryTable(trace: Traceability): string[] {
  const coverages: Coverage[] = ["covered", "excluded", "awaiting", "untested"];
  const row = (label: string, entries: RequirementTrace[]) =>
    `| ${label} | ${entries.length} | ${coverages
      .map((coverage) => entries.filter((entry) => entry.coverage === coverage).length)
      .join(" | ")} | ${entries.filter((entry) => entry.proofs.length > 0).length} | ${
      entries.filter((entry) => entry.proofs.length === 0).length
    } |`;
  return [
    "| Level | Requirements | Covered | Excluded | Awaiting a check | Untested | Proven | Not yet proven |",
    "| ----- | -----------: | ------: | -------: | ---------------: | -------: | -----: | -------------: |",
    ...levels.map((level) =>
      row(
        level,
        trace.requirements.filter((entry) => entry.requirement.level === level),
      ),
    ),
    row("all", trace.requirements),
  ];
}

/** The one-line summary: the counts a reader (and the closing note of an issue) quotes. */
export function summaryLine(trace: Traceability): string {
  const count = (coverage: Coverage) =>
    trace.requirements.filter((entry) => entry.coverage === coverage).length;
  const proven = provenRequirements(trace).length;
  const unprovenChecks = trace.checks.filter((check) => check.proofs.length === 0).length;
  return `${trace.requirements.length} requirements: ${count("covered")} covered, ${proven} proven, ${count(
    "excluded",
  )} excluded, ${trace.requirements.length - proven} not yet proven; ${unprovenChecks} of ${
    trace.checks.length
  } checks without a proving fault.`;
}

function notYetProvenLines(trace: Traceability): string[] {
  const unproven = trace.requirements.filter((entry) => entry.proofs.length === 0);
  if (unproven.length === 0) return ["None: a fault proves every requirement."];
  return levels.flatMap((level) => {
    const ids = unproven.filter((entry) => entry.requirement.level === level);
    if (ids.length === 0) return [];
    const why = (entry: RequirementTrace) =>
      entry.coverage === "excluded"
        ? "excluded"
        : entry.coverage !== "covered"
          ? entry.coverage
          : faultBreaking(entry.requirement.id)
            ? "a fault breaks it, but no check naming it failed in that fault's run"
            : "no fault breaks it";
    return [
      `- ${level} (${ids.length}): ${ids.map((entry) => `\`${entry.requirement.id}\` (${why(entry)})`).join(", ")}`,
    ];
  });
}

function uncheckedLines(trace: Traceability): string[] {
  const unproven = trace.checks.filter((check) => check.proofs.length === 0);
  if (unproven.length === 0) return ["None: a fault proves every check."];
  return [
    "| Check | Level | Why no fault proves it yet |",
    "| ----- | ----- | -------------------------- |",
    ...unproven.map(
      (check) =>
        `| \`${check.id}\` | ${check.level} | ${cell(unprovenChecks[check.id] ?? "(no reason given)")} |`,
    ),
  ];
}

/**
 * docs/traceability.md: deterministic for a given catalogue and set of verdicts (sorted, and no run id,
 * time, URL or duration), so the test can compare it with what the script wrote.
 */
export function renderTraceability(trace: Traceability): string {
  const lines = [
    "# Traceability: requirements, checks, their verdicts and the faults that prove them",
    "",
    "<!-- Written by `npx tsx scripts/catch-matrix.ts` (or scripts/traceability.ts) from the catch matrix's runs;",
    "     test/catch-matrix.test.ts fails when it is stale. -->",
    "",
    "Every requirement of [spec/requirements.yaml](../spec/requirements.yaml), the checks that name it, the",
    "verdict of each in every dialect the requirement holds for, and the faults that prove it. The verdicts",
    "are those of the catch matrix's clean run ([catch-matrix.md](catch-matrix.md)): `usc run` of every suite",
    "in both dialects against the unmodified reference server, with a second user, a read-only user and a",
    "short idle timeout for the expiry suite's items. A requirement is **covered** when a check naming it ran",
    "there (pass, fail or warn; skip and blocked do not count), **excluded** when the catalogue says why no",
    "check can test it against the reference server, and **awaiting a check** when one could but none does",
    "yet ([scripts/support/traceability-gaps.ts](../scripts/support/traceability-gaps.ts)).",
    "",
    "A requirement is **proven** when a fault that breaks it (`breaks:` in",
    "[server/faults.ts](../server/faults.ts)) makes a check that names it fail in the catch matrix's run of",
    "that fault (for a SHOULD or MAY requirement, a warning counts too), in a dialect the requirement holds",
    "for. Passing on the reference server shows only that a check does not reject a conforming target; the",
    "proof shows it rejects a target that breaks the rule. Quotes are shortened; the catalogue has them in",
    "full. `protocol.response-schema` runs once per operation a suite exercised; its verdict here lists every",
    "status those runs had.",
    "",
    "## Summary",
    "",
    summaryLine(trace),
    "",
    ...summaryTable(trace),
    "",
    "### Not yet proven",
    "",
    ...notYetProvenLines(trace),
    "",
    "### Checks without a proving fault",
    "",
    "No fault that breaks a requirement the check names makes it fail (or warn, below MUST): as far as the",
    "faults show, it could pass whatever the target does. The list is",
    "[scripts/support/traceability-unproven-checks.ts](../scripts/support/traceability-unproven-checks.ts).",
    "",
    ...uncheckedLines(trace),
    "",
    "## Requirements",
    "",
    "| Requirement | Level | Quote | Source | Checks: verdict per dialect | Proven by: fault, failing checks |",
    "| ----------- | ----- | ----- | ------ | --------------------------- | -------------------------------- |",
    ...trace.requirements.map((entry) => {
      const { requirement } = entry;
      const source = requirement.sources[0];
      return `| \`${requirement.id}\` | ${requirement.level} | ${cell(shortQuote(requirement.quote))} | ${
        source === undefined ? "" : sourceLink(source)
      } | ${checksCell(entry)} | ${provenCell(entry)} |`;
    }),
    "",
  ];
  return lines.join("\n");
}
