/**
 * The JUnit XML report: what Jenkins, GitLab and GitHub test-report actions read. A pure function of the
 * run: the same run gives the same bytes (no clock, no environment, run order preserved).
 *
 * Layout:
 * - `<testsuites>` carries the run's counts; `tests`/`failures`/`errors`/`skipped` are the sums over its
 *   `<testsuite>` elements, as the consumers expect.
 * - One `<testsuite name="lifecycle [rest]">` per (suite, dialect) pair, with the run's facts (run id,
 *   target, dialects, suite version, spec hash, fail-on, counts, ...) as `usc.*` properties. JUnit has no
 *   properties on `<testsuites>`, so every suite repeats them: whichever file or suite a reader opens,
 *   the run is identified.
 * - One `<testcase>` per check, `name="<check id>: <title>"`, with `usc.*` properties for status, level,
 *   requirement ids and dialect, and a `<system-out>` holding the redacted transcript and the curl line.
 * - classname convention: `<suite>.<dialect>`, e.g. `lifecycle.rest`. Jenkins splits a classname at its
 *   last dot into package and class, so its tree reads suite > dialect > check; GitLab shows the
 *   classname verbatim next to the test name and tells tests apart by classname + name, which the dialect
 *   keeps distinct for the same check run against both dialects; GitHub actions (dorny/test-reporter,
 *   mikepenz/action-junit-report) group by the testsuite name and show the classname per test. Suite
 *   names are kebab-case; a dotted suite name would move Jenkins' package/class split.
 * - Status mapping: fail -> `<failure type="<level>">`; error -> `<error type="harness-error">`; skip and
 *   blocked -> `<skipped>` with the reason as message and text (blocked says it was blocked, by the
 *   prerequisite its message names, and that its verdict is unknown); warn ->
 *   a passing testcase whose `usc.status` property is `warn` and whose `<system-out>` starts with a
 *   `WARNING:` line; pass -> a plain testcase.
 * - Problems of the run itself (run errors) become one erroring testcase in a `usc run` testsuite, so CI
 *   shows them; an empty run still gets that suite (without testcases) to carry the run's facts.
 */
import type { CheckResult, CheckStatus, RunResult, StatusCounts } from "../src/results/model.ts";
import { checkStatuses, countStatuses } from "../src/results/model.ts";
import { type RedactionOptions, redactRun } from "./redact.ts";
import { suiteGroups, suiteLabel } from "./suites.ts";
import { oneLine, replaceIllegalXmlCharacters, runDurationMs, secondsOf } from "./text.ts";
import { evidenceLines, transcriptText } from "./transcript.ts";
import { verdictOf } from "./verdict.ts";

/** How a blocked check's `<skipped>` message starts: it did not pass, its verdict is unknown. */
export const blockedPrefix = "Blocked (a prerequisite failed, verdict unknown): ";

/** The testsuite that carries the run's own problems (and the run's facts when there is no check). */
export const runSuiteName = "usc run";

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
  return {
    tests: checks.length,
    failures: counts.fail,
    errors: counts.error,
    skipped: counts.skip + counts.blocked,
  };
}

function countAttributes(counts: JUnitCounts): Attribute[] {
  return [
    ["tests", String(counts.tests)],
    ["failures", String(counts.failures)],
    ["errors", String(counts.errors)],
    ["skipped", String(counts.skipped)],
  ];
}

function runProperties(run: RunResult): Attribute[] {
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
    ["usc.verdict", verdictOf(run)],
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

function systemOut(check: CheckResult): string {
  const headline = `${statusHeadline[check.status]}: ${check.id} [${check.dialect}] (${check.level}): ${oneLine(check.message)}`;
  return [headline, "", ...evidenceLines(check), "", transcriptText(check.transcript)].join("\n");
}

/** Jenkins shows a skip's `message` attribute, GitLab the element's text: both carry the reason. */
function skippedElement(reason: string, indent: string): string[] {
  return [`${indent}<skipped${attributes([["message", reason]])}>${cdata(reason)}</skipped>`];
}

/** The outcome element JUnit consumers count: failure, error or skipped; none for pass and warn. */
function verdictElement(check: CheckResult, indent: string): string[] {
  const message = oneLine(check.message);
  const details = cdata([check.message, "", ...evidenceLines(check)].join("\n"));
  switch (check.status) {
    case "fail":
      return [
        `${indent}<failure${attributes([
          ["message", message],
          ["type", check.level],
        ])}>${details}</failure>`,
      ];
    case "error":
      return [
        `${indent}<error${attributes([
          ["message", message],
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

function testcaseXml(check: CheckResult, indent: string): string[] {
  const head = attributes([
    ["name", oneLine(`${check.id}: ${check.title}`)],
    ["classname", `${check.suite}.${check.dialect}`],
    ["time", secondsOf(check.durationMs)],
  ]);
  return [
    `${indent}<testcase${head}>`,
    ...propertiesXml(
      [
        ["usc.check-id", check.id],
        ["usc.status", check.status],
        ["usc.level", check.level],
        ["usc.requirements", check.requirements.join(",")],
        ["usc.dialect", check.dialect],
      ],
      `${indent}  `,
    ),
    ...verdictElement(check, `${indent}  `),
    `${indent}  <system-out>${cdata(systemOut(check))}</system-out>`,
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
  properties: Attribute[],
  body: string[],
): string[] {
  const timestamp = junitTimestamp(run.startedAt);
  const head = attributes([
    ["name", name],
    ...countAttributes(counts),
    ["time", secondsOf(durationMs)],
    ...(timestamp === undefined ? [] : [["timestamp", timestamp] as const]),
  ]);
  return [`  <testsuite${head}>`, ...propertiesXml(properties, "    "), ...body, "  </testsuite>"];
}

function runErrorsTestcase(run: RunResult): string[] {
  const message = `${run.runErrors.length} problem(s) of the run itself: ${oneLine(run.runErrors[0] ?? "")}`;
  const details = run.runErrors.map((problem, index) => `${index + 1}. ${problem}`).join("\n");
  return [
    `    <testcase${attributes([
      ["name", "run errors: problems of the run itself"],
      ["classname", "run"],
      ["time", "0.000"],
    ])}>`,
    `      <error${attributes([
      ["message", message],
      ["type", "run-error"],
    ])}>${cdata(details)}</error>`,
    `      <system-out>${cdata(details)}</system-out>`,
    "    </testcase>",
  ];
}

/**
 * The run as JUnit XML. `options.secrets` are scrubbed from every value before it is written (scrubbing
 * the finished XML instead could cut through markup when a secret happens to match an element name).
 */
export function toJUnitXml(run: RunResult, options: RedactionOptions = {}): string {
  const safe = redactRun(run, options);
  const shared = runProperties(safe);
  const suites = suiteGroups(safe.checks).map((group) =>
    testsuiteXml(
      suiteLabel(group.suite, group.dialect),
      junitCounts(group.checks),
      sumMs(group.checks),
      safe,
      [...shared, ["usc.suite", group.suite], ["usc.dialect", group.dialect]],
      group.checks.flatMap((check) => testcaseXml(check, "    ")),
    ),
  );
  const hasRunErrors = safe.runErrors.length > 0;
  if (hasRunErrors || safe.checks.length === 0) {
    const counts = { tests: hasRunErrors ? 1 : 0, failures: 0, errors: hasRunErrors ? 1 : 0, skipped: 0 };
    suites.push(
      testsuiteXml(runSuiteName, counts, 0, safe, shared, hasRunErrors ? runErrorsTestcase(safe) : []),
    );
  }
  const total = junitCounts(safe.checks);
  const totals: JUnitCounts = {
    ...total,
    tests: total.tests + (hasRunErrors ? 1 : 0),
    errors: total.errors + (hasRunErrors ? 1 : 0),
  };
  const head = attributes([
    ["name", `usc run ${safe.runId}`],
    ...countAttributes(totals),
    ["time", secondsOf(runDurationMs(safe.startedAt, safe.finishedAt) ?? sumMs(safe.checks))],
  ]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${head}>`,
    ...suites.flat(),
    "</testsuites>",
    "",
  ].join("\n");
}
