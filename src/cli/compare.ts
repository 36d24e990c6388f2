import { comparisonMarkdown, comparisonText } from "../../reporters/comparison.ts";
import { compareRuns } from "../results/compare.ts";
import { readResults } from "../results/read-results.ts";
import type { Command } from "./command.ts";
import { ExitCode } from "./exit-codes.ts";
import { parseArguments, type FlagTable } from "../config/arguments.ts";
import { usageFailure } from "./usage.ts";
import { say } from "./say.ts";

const help = `Usage: usc compare OLD NEW [--format text|markdown]

Compares two runs: new failures, fixed checks, other status changes, checks added or removed. OLD and NEW
are results.json files or the report directories holding them. Results are matched by dialect, suite and
check id, so a different order never shows as a change.

  --format text|markdown   markdown suits a pull-request comment (default text)

Exit codes: 0 nothing regressed, 1 something regressed (a new failure, or a status got worse: pass to
skip, blocked, error or fail), 2 bad usage or an unreadable file.`;

const flags = {
  format: { type: "string", valueName: "text|markdown" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagTable;

export const compareCommand: Command = {
  summary: "compare two runs' results: new failures, fixes, changes; exit 1 on a regression",
  run(args) {
    let parsed;
    try {
      parsed = parseArguments(args, flags, { allowPositionals: true });
    } catch (error) {
      return Promise.resolve(usageFailure("compare", error));
    }
    if (parsed.values.help === true) {
      process.stdout.write(`${help}\n`);
      return Promise.resolve(ExitCode.ok);
    }
    const format = parsed.values.format ?? "text";
    if (format !== "text" && format !== "markdown") {
      say(`usc compare: --format must be text or markdown, not '${format}'`);
      return Promise.resolve(ExitCode.usage);
    }
    if (parsed.positionals.length !== 2) {
      say(`usc compare: give two runs, OLD and NEW (got ${parsed.positionals.length})`);
      say("Run 'usc compare --help' for the options.");
      return Promise.resolve(ExitCode.usage);
    }
    const [oldPath = "", newPath = ""] = parsed.positionals;
    const old = readResults(oldPath);
    const current = readResults(newPath);
    for (const read of [old, current]) if (!read.ok) say(`usc compare: ${read.error}`);
    if (!old.ok || !current.ok) return Promise.resolve(ExitCode.usage);
    const comparison = compareRuns(old.run, current.run);
    process.stdout.write(format === "markdown" ? comparisonMarkdown(comparison) : comparisonText(comparison));
    return Promise.resolve(comparison.regressed ? ExitCode.conformanceFailure : ExitCode.ok);
  },
};
