import { randomInt } from "node:crypto";
import { writeFileSync } from "node:fs";
import { setMaxListeners } from "node:events";
import { join } from "node:path";
import { decideVerdict, summaryLine } from "../../reporters/index.ts";
import { redactAll } from "../http/redact.ts";
import { describeConfigLine, resolveRunConfig } from "../config/index.ts";
import { curlScript } from "../fuzz/counterexample.ts";
import { runFuzz } from "../fuzz/run-fuzz.ts";
import { defaultStateDir } from "../ledger/index.ts";
import { useColor } from "./color.ts";
import type { Command } from "./command.ts";
import { ExitCode, exitCodeFor } from "./exit-codes.ts";
import { fuzzHelpText, splitFuzzArguments } from "./fuzz-options.ts";
import { writeReports } from "./write-reports.ts";
import { say } from "./say.ts";
import { cliCwd, cliEnv } from "./context.ts";

/**
 * `usc fuzz`: model-based random sequences against a target (default: the embedded reference server),
 * with `usc run`'s target, credential, TLS, proxy and report options; results in the run's report formats.
 */
export const fuzzCommand: Command = {
  summary: "random operation sequences against a model of the documents (shrinks and replays divergences)",
  async run(args) {
    if (args.includes("--help") || args.includes("-h")) {
      process.stdout.write(`${fuzzHelpText()}\n`);
      return ExitCode.ok;
    }
    const split = splitFuzzArguments(args);
    if (!split.ok) {
      say(`usc fuzz: ${split.error}`);
      say("Run 'usc fuzz --help' for the options.");
      return ExitCode.usage;
    }
    const resolved = resolveRunConfig(split.rest, cliEnv(), cliCwd());
    if (!resolved.ok) {
      say(`usc fuzz: ${resolved.error.replace(/usc run --help/g, "usc fuzz --help")}`);
      return ExitCode.usage;
    }
    const config = resolved.config;
    const seed = split.fuzz.seed ?? randomInt(0, 2 ** 31 - 1);
    const note = (line: string) => {
      if (!config.quiet) say(`usc fuzz: ${line}`);
    };
    note(describeConfigLine(config));
    const controller = new AbortController();
    setMaxListeners(256, controller.signal);
    const onSignal = (signal: NodeJS.Signals) => {
      say(`usc fuzz: ${signal}: stopping after the current sequence, removing scratch resources`);
      controller.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    try {
      const outcome = await runFuzz(
        config,
        join(cliCwd(), defaultStateDir),
        { runs: split.fuzz.runs, maxSteps: split.fuzz.maxSteps, seed, path: split.fuzz.path },
        { note, signal: controller.signal },
      );
      const { run, secrets } = outcome;
      for (const report of outcome.reports) say(redactAll(report, secrets));
      for (const error of run.runErrors) say(`usc fuzz: ${redactAll(error, secrets)}`);
      let reportProblem: string | undefined;
      try {
        const paths = writeReports(run, config.reportDir, config.junit, secrets, config.junitTranscripts);
        const scripts = outcome.counterexamples.map((example) => {
          // The curl script as a file too: pasted from the terminal, a body with a newline loses its indent.
          const file = join(config.reportDir, `fuzz-${example.dialect}-counterexample.sh`);
          writeFileSync(file, `${redactAll(curlScript(example.steps, config), secrets)}\n`, { mode: 0o755 });
          return file;
        });
        note(`reports: ${[paths.junit, paths.results, paths.markdown, paths.html, ...scripts].join(", ")}`);
      } catch (error) {
        reportProblem = `could not write the reports to ${config.reportDir}: ${error instanceof Error ? error.message : String(error)}`;
        say(`usc fuzz: ${reportProblem}`);
      }
      const decided = decideVerdict(run);
      const out = { color: useColor(process.stdout, config.color, cliEnv()), secrets };
      process.stdout.write(`${summaryLine(run, out, decided)}\n`);
      if (reportProblem !== undefined) return ExitCode.incomplete;
      return exitCodeFor(decided.verdict);
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};
