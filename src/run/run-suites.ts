import type { Dialect } from "../../spec/index.ts";
import type { RunContext } from "../checks/run-context.ts";
import { SuiteInstance, type ConformanceSuite, type RegisteredCheck } from "../checks/suite.ts";
import type { CheckResult } from "../results/model.ts";
import { selectsFrom, type CheckSelection } from "./selection.ts";

export interface SuiteRunOptions {
  context: RunContext;
  suites: readonly ConformanceSuite[];
  selection: CheckSelection;
  /** How many suite instances (one suite in one dialect) run at the same time. */
  concurrency: number;
  /** Bound on one check, so a target that stops answering cannot stall the run. */
  checkTimeoutMs: number;
  onSuiteDone: (suite: string, dialect: Dialect, checks: CheckResult[]) => void;
  /** Aborted when the user interrupts the run: no further check starts; whatever finished is kept. */
  signal: AbortSignal;
}

/**
 * Suites whose checks wait on the target's clock go first: they are the run's longest chains, so starting
 * them early lets every other suite run beside them instead of after them.
 */
const longestFirst = ["expiry", "model", "files", "preview"];

function rank(instance: SuiteInstance): number {
  const index = longestFirst.indexOf(instance.name);
  return index === -1 ? longestFirst.length : index;
}

/**
 * Runs the selected checks of every suite in every dialect of the run, in this process: each suite
 * instance runs its checks one after another (later checks may use what earlier ones produced), and up to
 * `concurrency` instances run side by side. Results come back in catalogue order, whatever finished first.
 */
export async function runSuites(
  options: SuiteRunOptions,
): Promise<{ checks: CheckResult[]; runErrors: string[] }> {
  const runErrors: string[] = [];
  const order = new Map<SuiteInstance, number>();
  const instances: SuiteInstance[] = [];
  // A suite the selection takes nothing from is not even instantiated: each instance makes a transport.
  for (const suite of options.suites.filter((s) => selectsFrom(options.selection, s.catalogue))) {
    for (const dialect of options.context.dialects) {
      try {
        const instance = new SuiteInstance(suite, dialect, options.context);
        order.set(instance, order.size);
        instances.push(instance);
      } catch (error) {
        runErrors.push(`${suite.catalogue.suite} [${dialect}]: ${messageOf(error)}`);
      }
    }
  }
  const results = new Map<SuiteInstance, CheckResult[]>();
  const queue = instances
    .filter((instance) => selectedChecks(instance, options.selection).length > 0)
    .sort((a, b) => rank(a) - rank(b));
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (options.signal.aborted) return;
      const outcome = await runInstance(next, options);
      results.set(next, outcome.checks);
      runErrors.push(...outcome.runErrors);
      if (outcome.checks.length > 0) options.onSuiteDone(next.name, next.dialect, outcome.checks);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  const checks = [...results.entries()]
    .sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
    .flatMap(([, checks]) => checks);
  return { checks, runErrors };
}

function selectedChecks(instance: SuiteInstance, selection: CheckSelection): RegisteredCheck[] {
  return instance.checks.filter((check) =>
    selection.includes(instance.name, instance.dialect, check.definition),
  );
}

async function runInstance(
  instance: SuiteInstance,
  options: SuiteRunOptions,
): Promise<{ checks: CheckResult[]; runErrors: string[] }> {
  const checks: CheckResult[] = [];
  const runErrors: string[] = [];
  try {
    await instance.open();
    // Later checks of a suite build on what earlier ones made (the lifecycle's session, its file), so a
    // selected check gets the checks registered before it run first, unreported, as its set-up: its verdict
    // must not depend on how the run was filtered. Only --exclude leaves a check out entirely.
    const selected = new Set(selectedChecks(instance, options.selection));
    const last = instance.checks.findLastIndex((check) => selected.has(check));
    for (const check of instance.checks.slice(0, last + 1)) {
      if (options.signal.aborted) break;
      if (selected.has(check)) {
        checks.push(await withDeadline(instance, check, options.checkTimeoutMs, options.signal));
      } else if (!options.selection.excludes(check.definition)) {
        await withDeadline(instance, check, options.checkTimeoutMs, options.signal);
      }
    }
  } catch (error) {
    runErrors.push(`${instance.name} [${instance.dialect}]: ${messageOf(error)}`);
  } finally {
    try {
      const finished = await instance.finish();
      checks.push(...finished.schemaChecks);
      runErrors.push(...finished.runErrors);
    } catch (error) {
      runErrors.push(`${instance.name} [${instance.dialect}]: teardown failed: ${messageOf(error)}`);
    }
  }
  return { checks, runErrors };
}

/**
 * Runs one check, but gives up waiting after `timeoutMs` (or at once on an interrupt): the check is then
 * reported as a harness error, since a target that stops answering must not stall the run, and the
 * suite's transport is closed when the suite finishes, which ends whatever the body was still waiting on.
 */
export async function withDeadline(
  instance: SuiteInstance,
  check: RegisteredCheck,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the check did not finish within ${timeoutMs} ms`), timeoutMs);
    onAbort = () => resolve("the run was interrupted while the check ran");
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const outcome = await Promise.race([instance.run(check), stopped]);
    if (typeof outcome !== "string") return outcome;
    return {
      id: check.definition.id,
      suite: instance.name,
      dialect: instance.dialect,
      level: check.definition.level,
      requirements: check.definition.requirements,
      title: check.definition.title,
      status: "error",
      message: `harness error: ${outcome}`,
      expected: undefined,
      actual: undefined,
      quote: undefined,
      transcript: [],
      curl: undefined,
      durationMs: signal.aborted ? 0 : timeoutMs,
    };
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
