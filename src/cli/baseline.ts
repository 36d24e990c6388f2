import { writeFileSync } from "node:fs";
import { baselineFor } from "../results/baseline-file.ts";
import { readResults } from "../results/read-results.ts";
import type { Command } from "./command.ts";
import { ExitCode } from "./exit-codes.ts";
import { parseArguments, type FlagTable } from "../config/arguments.ts";
import { usageFailure } from "./usage.ts";
import { say } from "./say.ts";

const help = `Usage: usc baseline --from RESULTS [--output FILE]

Prints an expected-failures baseline for a run's failures (and its warnings when the run failed on
SHOULD), for 'usc run --expected-failures FILE'. RESULTS is a results.json or the report directory holding
it. Each entry gets a placeholder reason: replace it with why the failure is accepted for now.

  --from RESULTS   the run to take the failures from
  --output FILE    write the baseline there instead of printing it

Exit codes: 0 written, 2 bad usage or an unreadable results file.`;

const flags = {
  from: { type: "string", valueName: "RESULTS" },
  output: { type: "string", short: "o", valueName: "FILE" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagTable;

export const baselineCommand: Command = {
  summary: "print an expected-failures baseline from a run's failures",
  run(args) {
    let parsed;
    try {
      parsed = parseArguments(args, flags);
    } catch (error) {
      return Promise.resolve(usageFailure("baseline", error));
    }
    if (parsed.values.help === true) {
      process.stdout.write(`${help}\n`);
      return Promise.resolve(ExitCode.ok);
    }
    if (parsed.values.from === undefined || parsed.values.from === "") {
      say("usc baseline: --from RESULTS is required (a results.json or a report directory)");
      return Promise.resolve(ExitCode.usage);
    }
    const read = readResults(parsed.values.from);
    if (!read.ok) {
      say(`usc baseline: ${read.error}`);
      return Promise.resolve(ExitCode.usage);
    }
    const text = baselineFor(read.run.checks, read.run.dialects, read.run.failOn);
    if (parsed.values.output === undefined) process.stdout.write(text);
    else {
      try {
        writeFileSync(parsed.values.output, text);
      } catch (error) {
        say(
          `usc baseline: cannot write ${parsed.values.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
        return Promise.resolve(ExitCode.usage);
      }
      say(`usc baseline: wrote ${parsed.values.output}`);
    }
    return Promise.resolve(ExitCode.ok);
  },
};
