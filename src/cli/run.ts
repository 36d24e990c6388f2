import { join } from "node:path";
import {
  failureLines,
  runErrorLines,
  suiteProgressLine,
  summaryLine,
  verdictOf,
} from "../../reporters/index.ts";
import { describeConfig, resolveRunConfig, runHelpText } from "../config/index.ts";
import { defaultStateDir } from "../ledger/index.ts";
import { executeRun } from "../run/execute-run.ts";
import { unknownSuites } from "../run/selection.ts";
import { conformanceSuites } from "../../suites/index.ts";
import type { Command } from "./command.ts";
import { ExitCode } from "./exit-codes.ts";
import { listChecks } from "./list-checks.ts";
import { writeReports } from "./write-reports.ts";

const suiteCatalogues = conformanceSuites.map((suite) => suite.catalogue);

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * `usc run`: resolves the configuration, runs the suites (against the embedded reference server when no
 * target is given), writes the reports whatever happened, prints a summary and answers with the exit code:
 * 0 no failure at the chosen level, 1 conformance failures, 2 usage, unreachable target or harness error.
 */
export const runCommand: Command = {
  summary: "run the conformance suites against a target (default: the embedded reference server)",
  async run(args) {
    const resolved = resolveRunConfig(args, process.env, process.cwd());
    if (!resolved.ok) {
      say(`usc run: ${resolved.error}`);
      say("Run 'usc run --help' for the options.");
      return ExitCode.usageOrHarnessError;
    }
    const config = resolved.config;
    if (config.help) {
      process.stdout.write(`${runHelpText()}\n`);
      return ExitCode.ok;
    }
    if (config.list) {
      process.stdout.write(`${listChecks()}\n`);
      return ExitCode.ok;
    }
    const unknown = unknownSuites(config.suites, suiteCatalogues);
    if (unknown.length > 0) {
      say(
        `usc run: unknown suite ${unknown.join(", ")}; the suites are ${suiteCatalogues.map((c) => c.suite).join(", ")}`,
      );
      return ExitCode.usageOrHarnessError;
    }
    const color = process.stdout.isTTY === true && process.env["NO_COLOR"] === undefined;
    say(`usc run: ${describeConfig(config)}`);

    const controller = new AbortController();
    let interrupts = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      interrupts += 1;
      if (interrupts > 1) {
        say(`usc run: ${signal} again: stopping now; scratch resources may be left (see 'usc cleanup')`);
        process.exit(ExitCode.usageOrHarnessError);
      }
      say(
        `usc run: ${signal}: stopping the suites, removing scratch resources and writing reports (again to quit now)`,
      );
      controller.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    try {
      const outcome = await executeRun(config, join(process.cwd(), defaultStateDir), {
        signal: controller.signal,
        note: (line) => say(`usc run: ${line}`),
        onSuiteDone: (suite, dialect, checks) => {
          say(suiteProgressLine(suite, dialect, checks, { color, secrets: [] }));
        },
      });
      const { run, secrets } = outcome;
      let reportProblem: string | undefined;
      try {
        const paths = writeReports(run, config.reportDir, config.junit, secrets);
        say(`usc run: reports: ${paths.junit}, ${paths.results}, ${paths.markdown}`);
      } catch (error) {
        reportProblem = `could not write the reports to ${config.reportDir}: ${error instanceof Error ? error.message : String(error)}`;
      }
      for (const line of failureLines(run, { color, secrets })) say(line);
      for (const line of runErrorLines(run, { color, secrets })) say(line);
      process.stdout.write(`${summaryLine(run, { color, secrets })}\n`);
      if (reportProblem !== undefined) say(`usc run: ${reportProblem}`);
      if (outcome.fatal !== undefined) {
        say(
          controller.signal.aborted
            ? "usc run: no verdict: the run was interrupted before the suites started"
            : "usc run: no verdict: the run could not start (see the run error above)",
        );
        return ExitCode.usageOrHarnessError;
      }
      if (reportProblem !== undefined || controller.signal.aborted) return ExitCode.usageOrHarnessError;
      if (verdictOf(run) === "fail") return ExitCode.conformanceFailure;
      // Harness errors leave the verdict incomplete: never a clean pass.
      if (run.checks.some((check) => check.status === "error") || run.runErrors.length > 0) {
        return ExitCode.usageOrHarnessError;
      }
      return ExitCode.ok;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};
