import { setMaxListeners } from "node:events";
import { join } from "node:path";
import {
  decideVerdict,
  failureLines,
  runErrorLines,
  selectionLine,
  suiteProgressLine,
  summaryLine,
  verdictPhrase,
} from "../../reporters/index.ts";
import { describeConfig, describeConfigLine, resolveRunConfig, runHelpText } from "../config/index.ts";
import { redactValue } from "../http/redact.ts";
import { defaultStateDir } from "../ledger/index.ts";
import { applyBaseline, type Baseline } from "../results/baseline.ts";
import type { RunResult } from "../results/model.ts";
import { executeRun } from "../run/execute-run.ts";
import { unknownChecks, unknownSuites } from "../run/selection.ts";
import { catalogues } from "../catalogue/index.ts";
import { targetCatalogue } from "../catalogue/target.checks.ts";
import { conformanceSuites } from "../../suites/index.ts";
import { certificationOutcome } from "../certify/profile.ts";
import { writeBundle } from "../certify/write-bundle.ts";
import { startCertification } from "./certification.ts";
import { useColor } from "./color.ts";
import type { Command } from "./command.ts";
import { ExitCode, exitCodeFor } from "./exit-codes.ts";
import { listChecks } from "./list-checks.ts";
import { loadBaseline } from "./load-baseline.ts";
import { ProgressLine, progressText } from "./progress.ts";
import { describeFilter, describePlan, planRun } from "./run-plan.ts";
import { everyReport, type ReportName, writeSelectedReports } from "./write-reports.ts";
import { cliCwd, cliEnv } from "./context.ts";

/**
 * `usc run`: resolves the configuration, runs the suites (against the embedded reference server when no
 * target is given), writes the reports whatever happened, prints the failures, the verdict and the report
 * paths, and answers with the exit code the verdict decides: 0 pass, 1 conformance failures, 2 usage or
 * configuration error, 3 the run could not complete.
 */
export const runCommand: Command = runCommandWriting(everyReport);

/**
 * `usc run` writing only the reports named (results.json always): for a caller that reads only results.json
 * of many runs. A certification run writes every report whatever is
 * named: its manifest hashes them.
 */
export function runCommandWriting(reports: readonly ReportName[]): Command {
  return {
    summary: "run the conformance suites against a target (default: the embedded reference server)",
    run: (args) => runSuitesCommand(args, reports),
  };
}

/**
 * `usc run` writing no report: the redacted run results.json would hold goes to `handOver` instead, for a
 * caller that makes many runs in one process and reads their results (the catch matrix). Writing each
 * run's results.json only to read it back was about a twentieth of such a run's CPU. A certification run
 * still writes every report: its manifest hashes them.
 */
export function runCommandHandingOver(handOver: (run: RunResult) => void): Command {
  return {
    summary: "run the conformance suites against a target (default: the embedded reference server)",
    run: (args) => runSuitesCommand(args, [], handOver),
  };
}

async function runSuitesCommand(
  args: string[],
  reports: readonly ReportName[],
  handOver?: (run: RunResult) => void,
): Promise<number> {
  // Every stderr line goes through the progress line, so the live line on a terminal never mixes with it.
  // One per call: runs side by side in one process (context.ts) each keep their own.
  let progress = new ProgressLine(process.stderr, false);
  const say = (line: string) => progress.say(line);
  const resolved = resolveRunConfig(args, cliEnv(), cliCwd());
  if (!resolved.ok) {
    say(`usc run: ${resolved.error}`);
    say("Run 'usc run --help' for the options.");
    return ExitCode.usage;
  }
  const config = resolved.config;
  if (config.help) {
    process.stdout.write(`${runHelpText()}\n`);
    return ExitCode.ok;
  }
  const certification = startCertification(config, cliCwd());
  if (!certification.ok) {
    for (const problem of certification.problems) say(`usc run: ${problem}`);
    return ExitCode.usage;
  }
  const signKey = certification.signKey;
  // `target` names the checks opening the target decides (target.login): selectable like a suite.
  const suiteCatalogues = [targetCatalogue, ...conformanceSuites.map((suite) => suite.catalogue)];
  const unknown = unknownSuites(config.suites, suiteCatalogues);
  if (unknown.length > 0) {
    say(
      `usc run: unknown suite ${unknown.join(", ")}; the suites are ${suiteCatalogues.map((c) => c.suite).join(", ")}`,
    );
    return ExitCode.usage;
  }
  const unmatched = [
    ...unknownChecks(config.checks, catalogues).map((entry) => ({ flag: "--check", ...entry })),
    ...unknownChecks(config.exclude, catalogues).map((entry) => ({ flag: "--exclude", ...entry })),
  ];
  if (unmatched.length > 0) {
    for (const { flag, pattern, near } of unmatched)
      say(
        `usc run: ${flag} ${pattern} names no check${near.length === 0 ? "" : `; did you mean ${near.join(", ")}?`}`,
      );
    say("'usc run --list' shows every check id.");
    return ExitCode.usage;
  }
  let baseline: Baseline | undefined;
  if (config.expectedFailures !== undefined) {
    const loaded = loadBaseline(config.expectedFailures, catalogues, cliCwd());
    if (!loaded.ok) {
      for (const error of loaded.errors) say(`usc run: --expected-failures ${error}`);
      return ExitCode.usage;
    }
    baseline = loaded.baseline;
  }
  if (config.list) {
    process.stdout.write(`${listChecks(config, config.dialect)}\n`);
    return ExitCode.ok;
  }
  const plan = planRun(config);
  if (plan.checks === 0) {
    say(`usc run: ${describeFilter(config)} selects no check; 'usc run --list' shows every check id.`);
    return ExitCode.usage;
  }
  const out = { color: useColor(process.stdout, config.color, cliEnv()), secrets: [] as string[] };
  const err = { color: useColor(process.stderr, config.color, cliEnv()), secrets: [] as string[] };
  const note = (line: string) => {
    if (!config.quiet) say(`usc run: ${line}`);
  };
  if (config.verbose) note(`configuration:\n${describeConfig(config)}`);
  else note(describeConfigLine(config));
  note(`plan: ${describePlan(plan, config.dialect)}`);
  progress = new ProgressLine(process.stderr, !config.quiet);
  const suiteRunsPlanned = plan.suites * (config.dialect === "rest" || config.dialect === "api" ? 1 : 2);
  let suiteRunsDone = 0;
  let checksDone = 0;

  const controller = new AbortController();
  // Every request in flight listens to this signal (AbortSignal.any in the transport): at a remote
  // target's default concurrency that is more than Node's 10 before it warns of a leak.
  setMaxListeners(256, controller.signal);
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts += 1;
    if (interrupts > 1) {
      say(`usc run: ${signal} again: stopping now; scratch resources may be left (see 'usc cleanup')`);
      process.exit(ExitCode.incomplete);
    }
    say(
      `usc run: ${signal}: stopping the suites, removing scratch resources and writing reports (again to quit now)`,
    );
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const outcome = await executeRun(config, join(cliCwd(), defaultStateDir), {
      suites: conformanceSuites,
      signal: controller.signal,
      note,
      onSuiteDone: (suite, dialect, checks) => {
        if (config.quiet) return;
        say(suiteProgressLine(suite, dialect, checks, err));
        suiteRunsDone += 1;
        checksDone += checks.length;
        progress.show(progressText(suiteRunsDone, suiteRunsPlanned, checksDone));
      },
    });
    progress.clear();
    const { secrets } = outcome;
    const judged = baseline === undefined ? outcome.run : applyBaseline(outcome.run, baseline);
    // Redacted once here: the reports and the failure lines each redact what they are given, and
    // recognise a copy already scrubbed of the same secrets instead of walking every transcript again.
    const run = redactValue(
      config.profile === undefined ? judged : { ...judged, profile: certificationOutcome(config, judged) },
      secrets,
    );
    out.secrets = secrets;
    err.secrets = secrets;
    let reportProblem: string | undefined;
    let reportPaths: string[] = [];
    try {
      if (handOver !== undefined && config.profile === undefined) handOver(run);
      else
        reportPaths = writeSelectedReports(
          run,
          config.reportDir,
          config.junit,
          secrets,
          config.junitTranscripts,
          config.profile === undefined ? reports : everyReport,
        );
    } catch (error) {
      reportProblem = `could not write the reports to ${config.reportDir}: ${error instanceof Error ? error.message : String(error)}`;
    }
    // The one verdict of the run: the reports compute the same from the same results. Reports that could
    // not be written leave a CI job without its evidence, so that run cannot count as complete either.
    const decided = decideVerdict(run);
    let verdict =
      reportProblem === undefined
        ? decided
        : {
            verdict: "incomplete" as const,
            reasons: [reportProblem, ...(decided.verdict === "pass" ? [] : decided.reasons)],
          };
    let bundlePaths: string[] = [];
    if (config.profile !== undefined && reportProblem === undefined) {
      try {
        bundlePaths = writeBundle(
          {
            config,
            run,
            verdict,
            exitCode: exitCodeFor(verdict.verdict),
            secrets,
            reportDir: config.reportDir,
          },
          signKey,
        ).paths;
      } catch (error) {
        reportProblem = `could not write the certification manifest to ${config.reportDir}: ${error instanceof Error ? error.message : String(error)}`;
        verdict = {
          verdict: "incomplete",
          reasons: [reportProblem, ...(verdict.verdict === "pass" ? [] : verdict.reasons)],
        };
      }
    }
    const nothingRan =
      run.checks.length === 0 &&
      run.startFailure === undefined &&
      !run.interrupted &&
      run.runErrors.length === 0;
    if (config.quiet) {
      process.stdout.write(`${verdictPhrase(run, verdict, out)}\n`);
    } else {
      for (const line of failureLines(run, err)) say(line);
      for (const line of runErrorLines(run, err)) say(line);
      const partial = selectionLine(run, out);
      if (partial !== undefined) process.stdout.write(`${partial}\n`);
      process.stdout.write(`${summaryLine(run, out, verdict)}\n`);
      if (reportPaths.length > 0) note(`reports: ${[...reportPaths, ...bundlePaths].join(", ")}`);
      if (run.profile !== undefined)
        note(
          run.profile.met
            ? "certification profile met"
            : `certification profile NOT met: ${run.profile.gaps.join("; ")}`,
        );
    }
    if (reportProblem !== undefined) say(`usc run: ${reportProblem}`);
    if (outcome.fatal !== undefined && controller.signal.aborted)
      say("usc run: no verdict: the run was interrupted before the suites started");
    if (nothingRan) {
      say(`usc run: ${describeFilter(config)} selected no check; 'usc run --list' shows every check id.`);
      return ExitCode.usage;
    }
    return exitCodeFor(verdict.verdict);
  } finally {
    progress.clear();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
