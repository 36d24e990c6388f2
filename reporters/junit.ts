/**
 * The JUnit XML report: what Jenkins, GitLab and GitHub test-report actions read. A pure function of the
 * run: the same run gives the same bytes (no clock, no environment, run order preserved). It validates
 * against the Jenkins xunit plugin's junit-10.xsd, the strictest common consumer: no `<properties>` inside
 * `<testcase>`, no `skipped` on `<testsuites>`.
 *
 * Layout:
 * - `<testsuites>` carries the run's counts; `tests`/`failures`/`errors` are the sums over its testsuites.
 * - A first `<testsuite name="usc run">` carries the run's facts once, as `usc.*` properties (run id,
 *   target, dialects, suite version, spec hash, fail-on, counts, verdict and its reasons, selection), and a
 *   `<system-out>` with the verdict in words. When the verdict is incomplete or the run had problems of its
 *   own, it holds one erroring testcase saying so, so CI shows a run that proved nothing as not green.
 * - One `<testsuite name="lifecycle [rest]">` per (suite, dialect) pair, one `<testcase>` per check,
 *   `name="<check id>: <title>"`, classname `<suite>.<dialect>`. Jenkins splits a classname at its last
 *   dot into package and class, so its tree reads suite > dialect > check; GitLab tells tests apart by
 *   classname + name, which the dialect keeps distinct for the same check in both dialects.
 * - Per-check facts go where consumers show them: the failure message says expected vs actual in one
 *   line; `<system-out>` starts with `<STATUS>: <id> [<dialect>] (<level>): <message>`, then (except for
 *   passes and skips) the evidence with the requirement ids. Transcripts follow the `transcripts` option: by default only for checks that did not
 *   pass or skip, so an all-pass report stays small; results.json always holds them.
 * - Status mapping: fail -> `<failure type="<level>">`; error -> `<error type="harness-error">`; skip and
 *   blocked -> `<skipped>` with the reason as message and text (blocked says its verdict is unknown);
 *   warn -> a passing testcase whose `<system-out>` starts with `WARNING:`; pass -> a plain testcase.
 *   A failure an expected-failures baseline lists is `<skipped>` saying so (the gate accepts it), and each
 *   stale baseline entry is a failing testcase of the run's own suite.
 */
import type { CheckResult, CheckStatus, RunResult, StatusCounts } from "../src/results/model.ts";
import { describeEntry } from "../src/results/baseline.ts";
import { checkStatuses, countStatuses } from "../src/results/model.ts";
import { type RedactionOptions, redactValue } from "../src/http/redact.ts";
import { selectionNotes } from "./selection.ts";
import { suiteGroups, suiteLabel } from "./suites.ts";
import { oneLine, replaceIllegalXmlCharacters, runDurationMs, secondsOf } from "./text.ts";
import { evidenceLines, transcriptText } from "./transcript.ts";
import { decideVerdict, type RunVerdict } from "./verdict.ts";

/** Which testcases carry the full request/response transcript in `<system-out>`. */
export const junitTranscriptModes = ["all", "failures", "none"] as const;
export type JUnitTranscripts = (typeof junitTranscriptModes)[number];

export interface JUnitOptions extends RedactionOptions {
  /** `failures` (default): only checks that failed, warned, errored or were blocked; `all`; or `none`. */
  transcripts?: JUnitTranscripts | undefined;
}

/** How a blocked check's `<skipped>` message starts: it did not pass, its verdict is unknown. */
export const blockedPrefix = "Blocked (a prerequisite failed, verdict unknown): ";

/** The testsuite that carries the run's facts and its own problems. */
export const runSuiteName = "usc run";

/** A failure message stays one readable line in a CI summary. */
const messageLimit = 600;

function attribute(value: string): string {
  return replaceIllegalXmlCharacters(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

/** Character data as CDATA sections; a `]]>` in the text is split across two sections. */
function cdata(value: string): string {
  return `<![CDATA[${replaceIllegalXmlCharacters(value).replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

type Attribute = readonly [name: string, value: string];

function attributes(pairs: readonly Attribute[]): string {
  return pairs.map(([name, value]) => ` ${name}="${attribute(value)}"`).join("");
}

function propertiesXml(properties: readonly Attribute[], indent: string): string[] {
  return [
    `${indent}<properties>`,
    ...properties.map(
      ([name, value]) =>
        `${indent}  <property${attributes([
          ["name", name],
          ["value", value],
        ])}/>`,
    ),
    `${indent}</properties>`,
  ];
}

function countsText(counts: StatusCounts): string {
  return checkStatuses.map((status) => `${status}=${counts[status]}`).join(" ");
}

/** Counts in JUnit's terms: warn passes; skip and blocked are skipped. */
interface JUnitCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function junitCounts(checks: readonly CheckResult[]): JUnitCounts {
  const counts = countStatuses(checks);
  // An expected failure is reported as skipped (the gate accepts it), whether it failed or warned.
  const expected = checks.filter((check) => check.expectedFailure !== undefined);
  return {
    tests: checks.length,
    failures: counts.fail - expected.filter((check) => check.status === "fail").length,
    errors: counts.error,
    skipped: counts.skip + counts.blocked + expected.length,
  };
}

function runProperties(run: RunResult, verdict: RunVerdict): Attribute[] {
  return [
    ["usc.run-id", run.runId],
    ["usc.target", run.target],
    ["usc.embedded-target", String(run.embeddedTarget)],
    ["usc.dialects", run.dialects.join(",")],
    ["usc.suite-version", run.suiteVersion],
    ["usc.spec-hash", run.specHash],
    ["usc.fail-on", run.failOn],
    ["usc.started-at", run.startedAt],
    ["usc.finished-at", run.finishedAt],
    ["usc.counts", countsText(countStatuses(run.checks))],
    ["usc.run-errors", String(run.runErrors.length)],
    ["usc.verdict", verdict.verdict],
    ["usc.verdict-reasons", verdict.reasons.join("; ")],
    ["usc.selection", selectionNotes(run).join("; ") || "every check"],
  ];
}

/** JUnit consumers expect `yyyy-mm-ddThh:mm:ss` without a zone; ours is UTC. */
function junitTimestamp(iso: string): string | undefined {
  const time = Date.parse(iso);
  return Number.isFinite(time) ? new Date(time).toISOString().slice(0, 19) : undefined;
}

const statusHeadline: Record<CheckStatus, string> = {
  pass: "PASS",
  fail: "FAIL",
  warn: "WARNING",
  skip: "SKIPPED",
  blocked: "BLOCKED (verdict unknown)",
  error: "ERROR (harness or network, not the target)",
};

function wantsTranscript(status: CheckStatus, mode: JUnitTranscripts): boolean {
  if (mode === "all") return true;
  if (mode === "none") return false;
  return status !== "pass" && status !== "skip";
}

function systemOut(check: CheckResult, mode: JUnitTranscripts): string {
  const headline = `${statusHeadline[check.status]}: ${check.id} [${check.dialect}] (${check.level}): ${oneLine(check.message)}`;
  const quiet = check.status === "pass" || check.status === "skip";
  // A pass or skip needs its headline only (results.json has its requirement ids and evidence): that
  // keeps an all-pass report small. The evidence block is for what a reader must act on.
  const lines = quiet && mode !== "all" ? [headline] : [headline, ...evidenceLines(check)];
  if (wantsTranscript(check.status, mode)) lines.push("", transcriptText(check.transcript));
  return lines.join("\n");
}

function shorten(text: string): string {
  return text.length <= messageLimit ? text : `${text.slice(0, messageLimit - 1)}…`;
}

/**
 * The one-line message a CI summary shows: the check's reason, plus what was expected and what came back
 * when the reason does not already say both.
 */
export function failureMessage(check: CheckResult): string {
  const reason = oneLine(check.message);
  const expected = check.expected === undefined ? undefined : oneLine(check.expected);
  const actual = check.actual === undefined ? undefined : oneLine(check.actual);
  const parts: string[] = [];
  if (expected !== undefined && !reason.includes(expected)) parts.push(`expected ${expected}`);
  if (actual !== undefined && !reason.includes(actual)) parts.push(`got ${actual}`);
  return shorten(parts.length === 0 ? reason : `${reason} (${parts.join("; ")})`);
}

/** Jenkins shows a skip's `message` attribute, GitLab the element's text: both carry the reason. */
function skippedElement(reason: string, indent: string): string[] {
  return [`${indent}<skipped${attributes([["message", reason]])}>${cdata(reason)}</skipped>`];
}

/** The outcome element JUnit consumers count: failure, error or skipped; none for pass and warn. */
function verdictElement(check: CheckResult, indent: string): string[] {
  const message = oneLine(check.message);
  const details = cdata([check.message, "", ...evidenceLines(check)].join("\n"));
  if (check.expectedFailure !== undefined)
    return skippedElement(
      `Expected failure (${oneLine(check.expectedFailure)}): ${failureMessage(check)}`,
      indent,
    );
  switch (check.status) {
    case "fail":
      return [
        `${indent}<failure${attributes([
          ["message", failureMessage(check)],
          ["type", check.level],
        ])}>${details}</failure>`,
      ];
    case "error":
      return [
        `${indent}<error${attributes([
          ["message", failureMessage(check)],
          ["type", "harness-error"],
        ])}>${details}</error>`,
      ];
    case "skip":
      return skippedElement(`Skipped: ${message}`, indent);
    case "blocked":
      return skippedElement(`${blockedPrefix}${message}`, indent);
    case "pass":
    case "warn":
      return [];
  }
}

function testcaseXml(check: CheckResult, indent: string, mode: JUnitTranscripts): string[] {
  const head = attributes([
    ["name", oneLine(`${check.id}: ${check.title}`)],
    ["classname", `${check.suite}.${check.dialect}`],
    ["time", secondsOf(check.durationMs)],
  ]);
  return [
    `${indent}<testcase${head}>`,
    ...verdictElement(check, `${indent}  `),
    `${indent}  <system-out>${cdata(systemOut(check, mode))}</system-out>`,
    `${indent}</testcase>`,
  ];
}

function sumMs(checks: readonly CheckResult[]): number {
  return checks.reduce((total, check) => total + (check.durationMs > 0 ? check.durationMs : 0), 0);
}

function testsuiteXml(
  name: string,
  counts: JUnitCounts,
  durationMs: number,
  run: RunResult,
  body: string[],
): string[] {
  const timestamp = junitTimestamp(run.startedAt);
  const head = attributes([
    ["name", name],
    ["tests", String(counts.tests)],
    ["failures", String(counts.failures)],
    ["errors", String(counts.errors)],
    ["skipped", String(counts.skipped)],
    ["time", secondsOf(durationMs)],
    ...(timestamp === undefined ? [] : [["timestamp", timestamp] as const]),
  ]);
  return [`  <testsuite${head}>`, ...body, "  </testsuite>"];
}

function verdictText(run: RunResult, verdict: RunVerdict): string {
  const notes = selectionNotes(run);
  return [
    `verdict ${verdict.verdict.toUpperCase()} (fail on ${run.failOn})`,
    ...verdict.reasons.map((reason) => `- ${reason}`),
    ...(notes.length === 0 ? [] : ["", "This run covers a selection only:", ...notes.map((n) => `- ${n}`)]),
  ].join("\n");
}

/** Whether the run's own suite holds an erroring testcase: an incomplete verdict, or problems of the run. */
function runHasProblems(run: RunResult, verdict: RunVerdict): boolean {
  return verdict.verdict === "incomplete" || run.runErrors.length > 0;
}

function runProblemsTestcase(run: RunResult, verdict: RunVerdict): string[] {
  const message =
    verdict.verdict === "incomplete"
      ? `verdict INCOMPLETE: ${verdict.reasons.join("; ")}`
      : `${run.runErrors.length} problem(s) of the run itself: ${oneLine(run.runErrors[0] ?? "")}`;
  const details = [
    verdictText(run, verdict),
    ...(run.runErrors.length === 0
      ? []
      : ["", "Run errors:", ...run.runErrors.map((problem, index) => `${index + 1}. ${problem}`)]),
  ].join("\n");
  return [
    `    <testcase${attributes([
      ["name", "run: verdict and problems of the run itself"],
      ["classname", "usc.run"],
      ["time", "0.000"],
    ])}>`,
    `      <error${attributes([
      ["message", shorten(oneLine(message))],
      ["type", verdict.verdict === "incomplete" ? "incomplete" : "run-error"],
    ])}>${cdata(details)}</error>`,
    "    </testcase>",
  ];
}

/** One failing testcase per stale baseline entry: the gate fails until the entry is deleted. */
function staleTestcases(run: RunResult): string[] {
  return (run.baseline?.stale ?? []).flatMap(({ entry, dialects }) => {
    const message = `${describeEntry(entry)} passes now (${dialects.join(", ")}): delete the entry from ${run.baseline?.file ?? "the baseline"}`;
    return [
      `    <testcase${attributes([
        ["name", `stale expected failure: ${describeEntry(entry)}`],
        ["classname", "usc.baseline"],
        ["time", "0.000"],
      ])}>`,
      `      <failure${attributes([
        ["message", shorten(oneLine(message))],
        ["type", "stale-baseline"],
      ])}>${cdata(`${message}\nReason the entry gave: ${entry.reason}`)}</failure>`,
      "    </testcase>",
    ];
  });
}

/**
 * The run as JUnit XML. `options.secrets` are scrubbed from every value before it is written (scrubbing
 * the finished XML instead could cut through markup when a secret happens to match an element name).
 */
export function toJUnitXml(run: RunResult, options: JUnitOptions = {}): string {
  const safe = redactValue(run, options.secrets ?? []);
  const mode = options.transcripts ?? "failures";
  const verdict = decideVerdict(safe);
  const problems = runHasProblems(safe, verdict);
  const stale = safe.baseline?.stale.length ?? 0;
  const runCounts = {
    tests: (problems ? 1 : 0) + stale,
    failures: stale,
    errors: problems ? 1 : 0,
    skipped: 0,
  };
  const runSuite = testsuiteXml(runSuiteName, runCounts, 0, safe, [
    ...propertiesXml(runProperties(safe, verdict), "    "),
    ...(problems ? runProblemsTestcase(safe, verdict) : []),
    ...staleTestcases(safe),
    `    <system-out>${cdata(verdictText(safe, verdict))}</system-out>`,
  ]);
  const suites = suiteGroups(safe.checks).map((group) =>
    testsuiteXml(
      suiteLabel(group.suite, group.dialect),
      junitCounts(group.checks),
      sumMs(group.checks),
      safe,
      group.checks.flatMap((check) => testcaseXml(check, "    ", mode)),
    ),
  );
  const total = junitCounts(safe.checks);
  const head = attributes([
    ["name", `usc run ${safe.runId}`],
    ["tests", String(total.tests + runCounts.tests)],
    ["failures", String(total.failures + runCounts.failures)],
    ["errors", String(total.errors + runCounts.errors)],
    ["time", secondsOf(runDurationMs(safe.startedAt, safe.finishedAt) ?? sumMs(safe.checks))],
  ]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${head}>`,
    ...runSuite,
    ...suites.flat(),
    "</testsuites>",
    "",
  ].join("\n");
}
