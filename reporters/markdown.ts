/**
 * The human report (GitHub-flavoured Markdown, e.g. for a job summary or a PR comment): run facts,
 * counts, each failure and warning with its evidence and curl, the reasons behind errors, blocks and
 * skips, then every check suite by suite. Target-supplied text is escaped so it cannot inject markup.
 */
import type { CheckResult, CheckStatus, RunResult } from "../src/results/model.ts";
import { describeEntry } from "../src/results/baseline.ts";
import { checkStatuses, countStatuses } from "../src/results/model.ts";
import { type RedactionOptions, redactValue, redactAll } from "../src/http/redact.ts";
import { suiteGroups, suiteLabel } from "./suites.ts";
import { humanDuration, oneLine, replaceControlCharacters, runDurationMs } from "./text.ts";
import { requestLine, transcriptText } from "./transcript.ts";
import { selectionNotes } from "./selection.ts";
import { decideVerdict, type Verdict } from "./verdict.ts";

const verdictHeading: Record<Verdict, string> = {
  pass: "✅ PASS",
  fail: "❌ FAIL",
  incomplete: "⚠️ INCOMPLETE",
};

/** Inline text: one line, control characters replaced, Markdown and HTML punctuation escaped. */
function md(text: string): string {
  return oneLine(replaceControlCharacters(text)).replace(/[\\`*_[\]<>|~&#!]/g, (c) => `\\${c}`);
}

function longestRun(text: string, character: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === character ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

/** A code span that survives backticks in the text; pipes escaped so it can sit in a table cell. */
function code(text: string): string {
  const value = oneLine(replaceControlCharacters(text)).replace(/\|/g, "\\|");
  const fence = "`".repeat(longestRun(value, "`") + 1);
  const pad = value.startsWith("`") || value.endsWith("`") ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
function codeBlock(text: string, language: string): string[] {
  const value = replaceControlCharacters(text);
  const fence = "`".repeat(Math.max(3, longestRun(value, "`") + 1));
  return [`${fence}${language}`, value, fence];
}

function blockquote(text: string): string[] {
  return replaceControlCharacters(text)
    .split("\n")
    .map((line) => (line.trim() === "" ? ">" : `> ${md(line)}`));
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric = false): string[] {
  const align = header.map(() => (numeric ? "---:" : "---"));
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`);
}

const statusBadge: Record<CheckStatus, string> = {
  pass: "✅ pass",
  fail: "❌ fail",
  warn: "⚠️ warn",
  skip: "⏭️ skip",
  blocked: "⛔ blocked",
  error: "💥 error",
};

function runFacts(run: RunResult): string[] {
  const duration = runDurationMs(run.startedAt, run.finishedAt);
  const target = `${code(run.target)}${run.embeddedTarget ? " (embedded reference server)" : ""}`;
  return table(
    ["Fact", "Value"],
    [
      ["Run", code(run.runId)],
      ["Target", target],
      ["Dialects", run.dialects.map((dialect) => code(dialect)).join(", ")],
      ["Suite version", code(run.suiteVersion)],
      ["Spec hash", code(run.specHash)],
      ["Fails on", run.failOn === "should" ? "MUST and SHOULD" : "MUST only"],
      ["Selection", selectionNotes(run).map(md).join("; ") || "every check"],
      ...(run.baseline === undefined
        ? []
        : [
            [
              "Expected failures",
              `${code(run.baseline.file)}: ${run.baseline.entries} entries, ${run.baseline.expectedFailures} results excused, ${run.baseline.stale.length} stale`,
            ],
          ]),
      ["Started", code(run.startedAt)],
      ["Finished", `${code(run.finishedAt)}${duration === undefined ? "" : ` (${humanDuration(duration)})`}`],
    ],
  );
}

function countsTable(run: RunResult): string[] {
  const counts = countStatuses(run.checks);
  return table(
    [...checkStatuses, "total"],
    [[...checkStatuses.map((status) => String(counts[status])), String(run.checks.length)]],
    true,
  );
}

function checkHeading(check: CheckResult): string {
  return `### ${code(check.id)} [${check.dialect}]: ${md(check.title)}`;
}

/** A failure or warning with all its evidence: message, request, expected + quote, actual, curl, transcript. */
function detailedCheck(check: CheckResult): string[] {
  const requirements =
    check.requirements.length > 0 ? check.requirements.map((id) => code(id)).join(", ") : "none listed";
  const lines = [
    checkHeading(check),
    "",
    md(check.message),
    "",
    `- **Suite:** ${md(check.suite)} · **Level:** ${check.level} · **Requirements:** ${requirements}`,
    `- **Request:** ${code(requestLine(check))}`,
  ];
  if (check.expected !== undefined) lines.push(`- **Expected:** ${md(check.expected)}`);
  if (check.actual !== undefined) lines.push(`- **Actual:** ${md(check.actual)}`);
  if (check.quote !== undefined) lines.push("", "The documents say:", "", ...blockquote(check.quote));
  if (check.curl !== undefined) lines.push("", "Reproduce:", "", ...codeBlock(check.curl, "sh"));
  if (check.transcript.length > 0) {
    lines.push(
      "",
      "<details><summary>Transcript</summary>",
      "",
      ...codeBlock(transcriptText(check.transcript), "text"),
      "",
      "</details>",
    );
  }
  return [...lines, ""];
}

function reasonLine(check: CheckResult): string {
  const expected = check.expectedFailure === undefined ? "" : ` (expected: ${md(check.expectedFailure)})`;
  return `- ${code(check.id)} [${check.dialect}]${expected}: ${md(check.message)}`;
}

function staleSection(run: RunResult): string[] {
  const stale = run.baseline?.stale ?? [];
  if (stale.length === 0) return [];
  return [
    `## Stale expected failures (${stale.length})`,
    "",
    `These checks pass now; delete their entries from ${code(run.baseline?.file ?? "")}:`,
    "",
    ...stale.map(({ entry, dialects }) => `- ${code(describeEntry(entry))} passes in ${dialects.join(", ")}`),
    "",
  ];
}

function section(title: string, checks: readonly CheckResult[], render: "detailed" | "reasons"): string[] {
  if (checks.length === 0) return [];
  const body = render === "detailed" ? checks.flatMap(detailedCheck) : [...checks.map(reasonLine), ""];
  return [`## ${title} (${checks.length})`, "", ...body];
}

function allChecks(run: RunResult): string[] {
  if (run.checks.length === 0) return ["## All checks", "", "No checks ran.", ""];
  return [
    "## All checks",
    "",
    ...suiteGroups(run.checks).flatMap((group) => [
      `### ${md(suiteLabel(group.suite, group.dialect))}`,
      "",
      ...table(
        ["Status", "Check", "Level", "Requirements", "Title", "Time"],
        group.checks.map((check) => [
          check.expectedFailure === undefined
            ? statusBadge[check.status]
            : `${statusBadge[check.status]} (expected)`,
          code(check.id),
          check.level,
          check.requirements.map((id) => code(id)).join(", "),
          md(check.title),
          humanDuration(check.durationMs),
        ]),
      ),
      "",
    ]),
  ];
}

/**
 * The run as a Markdown report. Secrets are scrubbed from the run before formatting and once more from
 * the finished text.
 */
export function toMarkdown(run: RunResult, options: RedactionOptions = {}): string {
  const safe = redactValue(run, options.secrets ?? []);
  const withStatus = (status: CheckStatus) =>
    safe.checks.filter((check) => check.status === status && check.expectedFailure === undefined);
  const verdict = decideVerdict(safe);
  const notes = selectionNotes(safe);
  const lines = [
    `# Update session conformance: ${verdictHeading[verdict.verdict]}`,
    "",
    ...verdict.reasons.map((reason) => `- ${md(reason)}`),
    "",
    ...(notes.length === 0
      ? []
      : ["**This run covers a selection only:**", "", ...notes.map((note) => `- ${md(note)}`), ""]),
    ...runFacts(safe),
    "",
    "## Counts",
    "",
    ...countsTable(safe),
    "",
    ...(safe.runErrors.length > 0
      ? [
          `## Run errors (${safe.runErrors.length})`,
          "",
          "Problems of the run itself, not verdicts on the target:",
          "",
          ...safe.runErrors.map((problem) => `- ${md(problem)}`),
          "",
        ]
      : []),
    ...staleSection(safe),
    ...section(
      "Failures",
      withStatus("fail").filter((check) => check.expectedFailure === undefined),
      "detailed",
    ),
    ...section(
      "Expected failures (baseline)",
      safe.checks.filter((check) => check.expectedFailure !== undefined),
      "reasons",
    ),
    ...section("Warnings", withStatus("warn"), "detailed"),
    ...section("Errors: the harness or the network failed, not the target", withStatus("error"), "reasons"),
    ...section("Blocked: a prerequisite failed, verdict unknown", withStatus("blocked"), "reasons"),
    ...section("Skipped", withStatus("skip"), "reasons"),
    ...allChecks(safe),
  ];
  return redactAll(`${lines.join("\n").trimEnd()}\n`, options.secrets ?? []);
}
