import type { Dialect } from "../../spec/index.ts";
import type { RunConfig } from "../config/index.ts";
import { toCurl } from "../http/curl.ts";
import type { CheckResult, RunResult } from "../results/model.ts";
import { runResultOf } from "../run/run-result.ts";
import { openTarget, TargetUnusable, type OpenedTarget } from "../target/open-target.ts";
import { formatCounterexample, type Counterexample } from "./counterexample.ts";
import { fuzzDialect, type DialectFuzzOutcome, type FuzzBudget } from "./fuzz-dialect.ts";
import { FuzzTarget } from "./fuzz-target.ts";
import { modelRequirementIds, modelRequirements } from "./requirements.ts";

export const fuzzSuite = "fuzz";
export const fuzzCheckId = "fuzz.model";
const fuzzTitle =
  "random sequences of update session and file operations agree with the model of the documents";

export interface FuzzRunOutcome {
  run: RunResult;
  /** Why the fuzz could not start (unreachable target, no login, no scratch library). */
  fatal: string | undefined;
  counterexamples: Counterexample[];
  /** The printed form of each counterexample, in dialect order. */
  reports: string[];
  secrets: string[];
}

function resultOf(
  dialect: Dialect,
  outcome: DialectFuzzOutcome,
  durationMs: number,
  insecure: boolean,
  caFile: string | undefined,
): CheckResult {
  const base = {
    id: fuzzCheckId,
    suite: fuzzSuite,
    dialect,
    title: fuzzTitle,
    durationMs,
    expected: undefined,
    actual: undefined,
    quote: undefined,
    transcript: [],
    curl: undefined,
  };
  const example = outcome.counterexample;
  if (example === undefined) {
    const status = outcome.harnessError !== undefined || outcome.interrupted ? "error" : "pass";
    return {
      ...base,
      level: "MUST",
      requirements: [...modelRequirementIds],
      status,
      message:
        outcome.harnessError !== undefined
          ? `the fuzz stopped: ${outcome.harnessError}`
          : outcome.interrupted
            ? `interrupted after ${outcome.runs} sequence(s)`
            : `${outcome.runs} sequence(s), no divergence from the model`,
    };
  }
  const requirement = modelRequirements().get(example.divergence.requirement);
  const level = requirement?.level ?? "MUST";
  const exchange = example.divergence.exchange ?? example.steps.at(-1)?.exchanges.at(-1);
  return {
    ...base,
    level,
    requirements: [example.divergence.requirement],
    status: level === "MUST" ? "fail" : "warn",
    message: `${example.divergence.message} (step ${example.steps.length} of a shrunk sequence; seed ${example.seed}, path ${example.path})`,
    expected: `${example.divergence.expected}: ${requirement?.statement ?? ""}`,
    // One line for the reports' Actual: the shrunk steps; the full counterexample is printed and in the transcript.
    actual: `${example.divergence.actual} at step ${example.steps.length} of the shrunk sequence: ${example.steps
      .map((step, index) => `${index + 1}. ${step.label}`)
      .join("; ")}`,
    quote: requirement?.quote,
    transcript: example.steps.flatMap((step) => step.exchanges),
    curl: exchange === undefined ? undefined : toCurl(exchange, { insecure, caFile }),
  };
}

/**
 * `usc fuzz`: opens the target as `usc run` does (embedded server or a given URL, login, ledger, a scratch
 * library), runs the model-based sequences in each dialect, closes the target (removing what the fuzz
 * made) and returns a RunResult with one `fuzz` result per dialect, for the run's reporters.
 */
export async function runFuzz(
  config: RunConfig,
  stateDir: string,
  budget: Omit<FuzzBudget, "signal">,
  hooks: { note: (line: string) => void; signal: AbortSignal },
): Promise<FuzzRunOutcome> {
  modelRequirements();
  const startedAt = new Date().toISOString();
  const runErrors: string[] = [];
  const secrets = [config.password].filter((s): s is string => s !== undefined);
  const finish = (
    target: Pick<OpenedTarget, "runId" | "baseUrl" | "embedded">,
    dialects: Dialect[],
    checks: CheckResult[],
    fatal: string | undefined,
    counterexamples: Counterexample[],
    reports: string[],
  ): FuzzRunOutcome => ({
    run: runResultOf({
      target,
      dialects,
      checks,
      runErrors,
      fatal,
      failOn: config.failOn,
      startedAt,
      interrupted: hooks.signal.aborted,
      selection: { grep: undefined, suites: [fuzzSuite], dialect: config.dialect, notConfigured: [] },
    }),
    fatal,
    counterexamples,
    reports,
    secrets,
  });

  let target: OpenedTarget;
  try {
    target = await openTarget({
      target: config.target,
      username: config.username,
      password: config.password,
      dialect: config.dialect,
      insecure: config.insecure,
      caFile: config.caFile,
      timeoutMs: config.timeoutMs,
      proxy: config.proxy,
      datastore: config.datastore,
      // A scratch library for the fuzz's items; no subscribed library (no sequence needs one).
      provision: "library",
      stateDir,
      signal: hooks.signal,
      note: hooks.note,
    });
  } catch (error) {
    if (!(error instanceof TargetUnusable)) throw error;
    runErrors.push(error.message, ...error.cleanupProblems);
    secrets.push(...error.secrets);
    const dialects: Dialect[] =
      config.dialect === "rest" || config.dialect === "api" ? [config.dialect] : ["rest", "api"];
    return finish(error, dialects, [], error.message, [], []);
  }
  secrets.push(...target.secrets());
  const checks: CheckResult[] = target.setupChecks().filter((check) => check.status !== "pass");
  const counterexamples: Counterexample[] = [];
  const reports: string[] = [];
  try {
    for (const dialect of target.context.dialects) {
      if (hooks.signal.aborted) break;
      const started = Date.now();
      const fuzzTarget = new FuzzTarget({
        client: await target.connection.loggedIn(dialect),
        ledger: target.ledger,
        runId: target.runId,
        libraryId: target.context.libraryId,
      });
      hooks.note(
        `${dialect}: ${budget.path === undefined ? `${budget.runs} sequence(s) of up to ${budget.maxSteps} steps` : `replaying path ${budget.path}`}, seed ${budget.seed}`,
      );
      const outcome = await fuzzDialect(fuzzTarget, { ...budget, signal: hooks.signal });
      runErrors.push(...outcome.cleanupProblems);
      if (outcome.harnessError !== undefined) runErrors.push(`${dialect}: ${outcome.harnessError}`);
      if (outcome.counterexample !== undefined) {
        counterexamples.push(outcome.counterexample);
        reports.push(
          formatCounterexample(outcome.counterexample, {
            target: config.target,
            insecure: config.insecure,
            caFile: config.caFile,
          }),
        );
      }
      checks.push(resultOf(dialect, outcome, Date.now() - started, config.insecure, config.caFile));
    }
    for (const [dialect, reason] of target.blocked)
      checks.push({
        ...resultOf(
          dialect,
          {
            runs: 0,
            counterexample: undefined,
            harnessError: undefined,
            interrupted: false,
            cleanupProblems: [],
          },
          0,
          false,
          undefined,
        ),
        status: "blocked",
        message: reason,
      });
    if (hooks.signal.aborted)
      runErrors.push("the fuzz was interrupted; the results cover the sequences that finished");
  } catch (error) {
    runErrors.push(`harness error: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    const closed = await target.close();
    runErrors.push(...closed.problems);
    secrets.push(...target.secrets());
  }
  return finish(target, target.dialects, checks, undefined, counterexamples, reports);
}
