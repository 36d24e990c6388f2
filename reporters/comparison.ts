/**
 * Two runs compared, as text for a terminal or as Markdown for a pull-request comment. Pure; target text is
 * made printable (and escaped in Markdown) like in every other report.
 */
import type { RunComparison, StatusChange } from "../src/results/compare.ts";
import type { StoredResult } from "../src/results/read-results.ts";
import { oneLine, replaceControlCharacters } from "./text.ts";

function printable(text: string): string {
  return oneLine(replaceControlCharacters(text));
}

function md(text: string): string {
  return printable(text).replace(/[\\`*_[\]<>|~&#!]/g, (c) => `\\${c}`);
}

/** A code span: backslashes are literal there, so nothing is escaped; a backtick would end it early. */
function code(text: string): string {
  return `\`${printable(text).replace(/`/g, "'")}\``;
}

function name(check: StoredResult): string {
  const subject = check.subject === undefined ? "" : ` ${check.subject}`;
  return `${check.id}${subject} [${check.dialect}]`;
}

interface Group {
  title: string;
  lines: string[];
}

function groups(
  comparison: RunComparison,
  format: (change: StatusChange) => string,
  item: (check: StoredResult) => string,
): Group[] {
  return [
    { title: "New failures", lines: comparison.newFailures.map(format) },
    { title: "Fixed", lines: comparison.fixed.map(format) },
    { title: "Other status changes", lines: comparison.changed.map(format) },
    { title: "Checks added", lines: comparison.added.map(item) },
    { title: "Checks removed", lines: comparison.removed.map(item) },
  ];
}

function headline(comparison: RunComparison): string {
  const parts = [
    `${comparison.newFailures.length} new failure${comparison.newFailures.length === 1 ? "" : "s"}`,
    `${comparison.fixed.length} fixed`,
    `${comparison.changed.length} other change${comparison.changed.length === 1 ? "" : "s"}`,
    `${comparison.added.length} added`,
    `${comparison.removed.length} removed`,
  ];
  return `${comparison.regressed ? "REGRESSED" : "no regression"}: ${parts.join(", ")}`;
}

export function comparisonText(comparison: RunComparison): string {
  const lines = [
    `old: ${printable(comparison.old.file)} (run ${printable(comparison.old.runId)}, ${comparison.old.checks.length} results)`,
    `new: ${printable(comparison.new.file)} (run ${printable(comparison.new.runId)}, ${comparison.new.checks.length} results)`,
  ];
  for (const group of groups(
    comparison,
    (change) =>
      `  ${change.from} -> ${change.to}  ${printable(name(change.check))}${change.to === "pass" ? "" : `: ${printable(change.check.message)}`}`,
    (check) => `  ${check.status}  ${printable(name(check))}`,
  )) {
    if (group.lines.length === 0) continue;
    lines.push("", `${group.title} (${group.lines.length}):`, ...group.lines);
  }
  lines.push("", headline(comparison));
  return `${lines.join("\n")}\n`;
}

export function comparisonMarkdown(comparison: RunComparison): string {
  const lines = [
    `## Conformance: ${comparison.regressed ? "❌ regressed" : "✅ no regression"}`,
    "",
    `${md(headline(comparison))}. Old run ${code(comparison.old.runId)}, new run ${code(comparison.new.runId)}.`,
  ];
  for (const group of groups(
    comparison,
    (change) =>
      `- ${code(name(change.check))}: ${change.from} → **${change.to}**${change.to === "pass" ? "" : ` — ${md(change.check.message)}`}`,
    (check) => `- ${code(name(check))}: ${check.status}`,
  )) {
    if (group.lines.length === 0) continue;
    lines.push("", `### ${group.title} (${group.lines.length})`, "", ...group.lines);
  }
  return `${lines.join("\n")}\n`;
}
