import type { Dialect } from "../../spec/index.ts";
import type { RunConfig } from "../config/index.ts";
import type { CheckResult, RunResult } from "../results/model.ts";
import { protocolCatalogue } from "../catalogue/protocol.checks.ts";
import { openTarget, TargetUnusable, type OpenedTarget } from "../target/open-target.ts";
import { targetCatalogue } from "../catalogue/target.checks.ts";
import type { ConformanceSuite } from "../checks/suite.ts";
import { blockedResults } from "./blocked-results.ts";
import { checkSelection, runSelection, selectsFrom, type CheckSelection } from "./selection.ts";
import { runSuites } from "./run-suites.ts";
import { runResultOf } from "./run-result.ts";

export interface RunHooks {
  /** The suite values to run: the caller chooses them (the CLI passes suites/index.ts), so the runner never imports suites. */
  suites: readonly ConformanceSuite[];
  /** Called as each suite finishes in one dialect. */
  onSuiteDone: (suite: string, dialect: Dialect, checks: CheckResult[]) => void;
  /** Progress notes for the terminal (target started, provisioning, teardown). */
  note: (line: string) => void;
  signal: AbortSignal;
}

export interface RunOutcome {
  run: RunResult;
  /** Set when the run could not produce a verdict at all (unreachable target, failed login, no scratch library). */
  fatal: string | undefined;
  /** Every secret of the run, for the reporters' last line of defence. */
  secrets: string[];
}

const setupDefinitions = [...targetCatalogue.checks, ...protocolCatalogue.checks];

/**
 * Set-up's verdicts the run reports: a deviation always (it is a finding, whatever the filter), a pass only
 * when the selection takes the check, so a filtered run's report holds what was asked for.
 */
function reportedSetupChecks(checks: readonly CheckResult[], selection: CheckSelection): CheckResult[] {
  return checks.filter((check) => {
    if (check.status !== "pass") return true;
    const definition = setupDefinitions.find((d) => d.id === check.id);
    return definition !== undefined && selection.includes(targetCatalogue.suite, check.dialect, definition);
  });
}

/**
 * One `usc run`: open the target (given or embedded; dialects, logins, scratch resources), run the suites
 * in every dialect that is ready, block those of a dialect that is not, close the target. Always returns a
 * RunResult, even when the target is unusable, so reports are always written.
 */
export async function executeRun(config: RunConfig, stateDir: string, hooks: RunHooks): Promise<RunOutcome> {
  const startedAt = new Date().toISOString();
  const selection = checkSelection(config);
  const runErrors: string[] = [];
  const secrets = [config.password, config.otherPassword, config.limitedPassword].filter(
    (s): s is string => s !== undefined,
  );
  const result = (
    target: Pick<OpenedTarget, "runId" | "baseUrl" | "embedded">,
    dialects: Dialect[],
    checks: CheckResult[],
    fatal: string | undefined,
  ): RunOutcome => ({
    run: runResultOf({
      target,
      dialects,
      checks,
      runErrors,
      fatal,
      failOn: config.failOn,
      startedAt,
      interrupted: hooks.signal.aborted,
      selection: runSelection(config, target.embedded),
    }),
    fatal,
    secrets,
  });

  let target: OpenedTarget;
  try {
    target = await openTarget({
      target: config.target,
      username: config.username,
      password: config.password,
      dialect: config.dialect,
      otherUser:
        config.otherUsername !== undefined && config.otherPassword !== undefined
          ? { username: config.otherUsername, password: config.otherPassword }
          : undefined,
      limitedUser:
        config.limitedUsername !== undefined && config.limitedPassword !== undefined
          ? { username: config.limitedUsername, password: config.limitedPassword }
          : undefined,
      idleTimeoutSeconds: config.idleTimeoutSeconds,
      insecure: config.insecure,
      caFile: config.caFile,
      timeoutMs: config.timeoutMs,
      proxy: config.proxy,
      datastore: config.datastore,
      subscribedItem: config.subscribedItem,
      subscribedItemNeeded: hooks.suites.some(
        (suite) => suite.needs.subscribedItem === true && selectsFrom(selection, suite.catalogue),
      ),
      stateDir,
      signal: hooks.signal,
      note: hooks.note,
    });
  } catch (error) {
    if (!(error instanceof TargetUnusable)) throw error;
    runErrors.push(error.message, ...error.cleanupProblems);
    secrets.push(...error.secrets);
    const dialects =
      config.dialect === "rest" || config.dialect === "api" ? [config.dialect] : ["rest", "api"];
    return result(error, dialects as Dialect[], [], error.message);
  }

  secrets.push(...target.secrets());
  for (const dialect of target.dialects) {
    const logins = reportedSetupChecks(target.setupChecks(), selection).filter(
      (check) => check.dialect === dialect && check.id === "target.login",
    );
    if (logins.length > 0) hooks.onSuiteDone(targetCatalogue.suite, dialect, logins);
  }
  let checks: CheckResult[] = [];
  try {
    const suites = await runSuites({
      context: target.context,
      suites: hooks.suites,
      selection,
      concurrency: config.concurrency,
      checkTimeoutMs: config.timeoutMs * 6,
      onSuiteDone: hooks.onSuiteDone,
      signal: hooks.signal,
    });
    runErrors.push(...suites.runErrors);
    checks = suites.checks;
    for (const [dialect, reason] of target.blocked) {
      for (const suite of hooks.suites) {
        const blocked = blockedResults(suite, dialect, reason, selection);
        if (blocked.length > 0) hooks.onSuiteDone(suite.catalogue.suite, dialect, blocked);
        checks.push(...blocked);
      }
    }
    if (hooks.signal.aborted)
      runErrors.push("the run was interrupted; the results cover the checks that finished");
  } catch (error) {
    runErrors.push(`harness error: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    const closed = await target.close();
    runErrors.push(...closed.problems);
    secrets.push(...target.secrets());
  }
  const order = new Map(hooks.suites.map((suite, index) => [suite.catalogue.suite, index]));
  checks.sort((a, b) => (order.get(a.suite) ?? 0) - (order.get(b.suite) ?? 0));
  return result(
    target,
    target.dialects,
    [...reportedSetupChecks(target.setupChecks(), selection), ...checks],
    undefined,
  );
}
