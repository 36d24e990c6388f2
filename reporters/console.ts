/**
 * Lines the CLI prints while and after a run. Pure: they return strings and never write. Colour is
 * opt-in (`{ color: true }`); without it the lines contain no escape sequence at all, so logs and pipes
 * stay clean. Target-supplied text has its control characters replaced, so a hostile target cannot
 * drive the terminal.
 */
import type { Dialect } from "../spec/dialect.ts";
import type { CheckResult, CheckStatus, RunResult } from "../src/results/model.ts";
import { describeEntry } from "../src/results/baseline.ts";
import { checkStatuses, countStatuses } from "../src/results/model.ts";
import { type RedactionOptions, redactValue, redactAll } from "../src/http/redact.ts";
import { suiteLabel } from "./suites.ts";
import { humanDuration, oneLine, replaceControlCharacters, runDurationMs } from "./text.ts";
import { selectionNotes } from "./selection.ts";
import { decideVerdict, type RunVerdict, type Verdict } from "./verdict.ts";

export interface ConsoleOptions extends RedactionOptions {
  /** Use ANSI colours; the CLI decides (TTY, NO_COLOR, --no-color). Default false. */
  color?: boolean | undefined;
}

type Colour = "red" | "green" | "yellow" | "magenta" | "cyan" | "dim" | "bold";

const ansi: Record<Colour, readonly [string, string]> = {
  red: ["\u001b[31m", "\u001b[39m"],
  green: ["\u001b[32m", "\u001b[39m"],
  yellow: ["\u001b[33m", "\u001b[39m"],
  magenta: ["\u001b[35m", "\u001b[39m"],
  cyan: ["\u001b[36m", "\u001b[39m"],
  dim: ["\u001b[2m", "\u001b[22m"],
  bold: ["\u001b[1m", "\u001b[22m"],
};

function paint(text: string, colour: Colour, options: ConsoleOptions): string {
  if (options.color !== true) return text;
  const [open, close] = ansi[colour];
  return `${open}${text}${close}`;
}

const statusColour: Record<CheckStatus, Colour> = {
  pass: "green",
  fail: "red",
  warn: "yellow",
  skip: "dim",
  blocked: "cyan",
  error: "magenta",
};

const statusTag: Record<CheckStatus, string> = {
  pass: "PASS",
  fail: "FAIL",
  warn: "WARN",
  skip: "SKIP",
  blocked: "BLOCKED",
  error: "ERROR",
};

const tagWidth = Math.max(...Object.values(statusTag).map((tag) => tag.length));

/**
 * Worst first: the status that names a suite in its progress line. A skip names it only when every check
 * skipped: "29 pass, 1 skip" is a passing suite, not a skipped one.
 */
const severity: readonly CheckStatus[] = ["fail", "error", "warn", "blocked", "pass", "skip"];

const verdictColour: Record<Verdict, Colour> = { pass: "green", fail: "red", incomplete: "yellow" };

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Run-derived text made printable on one line: no control characters, no line breaks. */
function printable(text: string): string {
  return oneLine(replaceControlCharacters(text));
}

function tag(status: CheckStatus, options: ConsoleOptions): string {
  return paint(statusTag[status].padEnd(tagWidth), statusColour[status], options);
}

function countsPhrase(checks: readonly CheckResult[], options: ConsoleOptions, all: boolean): string {
  const counts = countStatuses(checks);
  const parts = checkStatuses
    .filter((status) => all || counts[status] > 0)
    .map((status) => {
      const phrase = `${counts[status]} ${status}`;
      return counts[status] > 0 && status !== "pass" ? paint(phrase, statusColour[status], options) : phrase;
    });
  const total = plural(checks.length, "check");
  return parts.length === 0 ? total : `${total}: ${parts.join(", ")}`;
}

/** Applies the secrets list to a finished line: plain text, so a text replacement cannot break it. */
function scrubbed(line: string, options: ConsoleOptions): string {
  return redactAll(line, options.secrets ?? []);
}

/** One line per (suite, dialect) as it finishes: its worst status, then its counts and duration. */
export function suiteProgressLine(
  suite: string,
  dialect: Dialect,
  checks: readonly CheckResult[],
  options: ConsoleOptions = {},
): string {
  const present = new Set(checks.map((check) => check.status));
  const worst = severity.find((status) => present.has(status)) ?? "pass";
  const durationMs = checks.reduce((total, check) => total + Math.max(0, check.durationMs), 0);
  const line = `${tag(worst, options)} ${printable(suiteLabel(suite, dialect))}  ${countsPhrase(checks, options, false)} ${paint(`(${humanDuration(durationMs)})`, "dim", options)}`;
  return scrubbed(line, options);
}

/**
 * The closing line: every status count, the run's duration and the verdict that sets the exit code, with
 * its reasons when it is not a pass. Pass the verdict the CLI computed so the line and the exit code
 * cannot differ; without it the line computes the same one.
 */
export function summaryLine(
  run: RunResult,
  options: ConsoleOptions = {},
  verdict: RunVerdict = decideVerdict(run),
): string {
  const duration = runDurationMs(run.startedAt, run.finishedAt);
  const problems = run.runErrors.length;
  const parts = [countsPhrase(run.checks, options, true)];
  const expected = run.checks.filter((check) => check.expectedFailure !== undefined).length;
  if (expected > 0)
    parts.push(`${expected} of the failures expected by ${run.baseline?.file ?? "the baseline"}`);
  if (problems > 0) parts.push(paint(plural(problems, "run error"), "magenta", options));
  if (duration !== undefined) parts.push(`in ${humanDuration(duration)}`);
  parts.push(verdictPhrase(run, verdict, options));
  return scrubbed(parts.join("; "), options);
}

/** `verdict FAIL (fail on must): 1 check failed`: the one line `--quiet` prints. */
export function verdictPhrase(
  run: Pick<RunResult, "failOn">,
  verdict: RunVerdict,
  options: ConsoleOptions = {},
): string {
  const word = paint(
    paint(`verdict ${verdict.verdict.toUpperCase()}`, verdictColour[verdict.verdict], options),
    "bold",
    options,
  );
  const why = verdict.verdict === "pass" ? "" : `: ${printable(verdict.reasons.join("; "))}`;
  return scrubbed(`${word} (fail on ${run.failOn})${why}`, options);
}

/** `partial run: only the checks matching --grep 'x'; ...` for a filtered or partial run, else undefined. */
export function selectionLine(
  run: Pick<RunResult, "selection" | "dialects">,
  options: ConsoleOptions = {},
): string | undefined {
  const notes = selectionNotes(run);
  if (notes.length === 0) return undefined;
  return scrubbed(`${paint("partial run", "yellow", options)}: ${printable(notes.join("; "))}`, options);
}

const reportedStatuses: readonly CheckStatus[] = ["fail", "error", "warn"];

/**
 * One line per failed, errored or warned check (in that order, run order within each): status, id,
 * dialect, level and the one-line reason.
 */
export function failureLines(run: RunResult, options: ConsoleOptions = {}): string[] {
  const safe = redactValue(run, options.secrets ?? []);
  const lines = reportedStatuses.flatMap((status) =>
    safe.checks
      .filter((check) => check.status === status && check.expectedFailure === undefined)
      .map((check) =>
        scrubbed(
          `${tag(status, options)} ${paint(printable(check.id), "bold", options)} [${check.dialect}] ${check.level}: ${printable(check.message)}`,
          options,
        ),
      ),
  );
  // Expected failures after the real ones, dimmed: the gate accepts them, the reader should still see them.
  for (const check of safe.checks.filter((c) => c.expectedFailure !== undefined))
    lines.push(
      scrubbed(
        `${paint("XFAIL".padEnd(tagWidth), "dim", options)} ${printable(check.id)} [${check.dialect}] expected (${printable(check.expectedFailure ?? "")}): ${printable(check.message)}`,
        options,
      ),
    );
  for (const { entry, dialects } of safe.baseline?.stale ?? [])
    lines.push(
      scrubbed(
        `${paint("STALE".padEnd(tagWidth), "red", options)} ${paint(printable(describeEntry(entry)), "bold", options)} passes now (${dialects.join(", ")}): delete the entry from ${printable(safe.baseline?.file ?? "the baseline")}`,
        options,
      ),
    );
  return lines;
}

/** One line per problem of the run itself (harness errors, cleanup left-overs). */
export function runErrorLines(run: RunResult, options: ConsoleOptions = {}): string[] {
  const safe = redactValue(run, options.secrets ?? []);
  return safe.runErrors.map((problem) =>
    scrubbed(`${paint("RUN ERROR", "magenta", options)} ${printable(problem)}`, options),
  );
}
