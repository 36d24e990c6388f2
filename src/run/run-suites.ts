import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createVitest } from "vitest/node";
import { catalogues } from "../../suites/catalogue.ts";
import type { CheckResult } from "../results/model.ts";
import { ResultCollector } from "./collector.ts";
import type { RunContext } from "./run-context.ts";

const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface SuiteRunOptions {
  context: RunContext;
  grep: string | undefined;
  concurrency: number;
  /** Bound on one check, so a target that stops answering cannot stall the run. */
  checkTimeoutMs: number;
  onSuiteDone: (suiteName: string, checks: CheckResult[]) => void;
  /** Aborted when the user interrupts the run: vitest is cancelled and whatever finished is kept. */
  signal: AbortSignal;
}

/**
 * Runs every suite file under suites/ through vitest, in worker processes, and returns what the suites
 * recorded. Vitest's own pass/fail is ignored: the verdict is in the CheckResults.
 */
export async function runSuites(
  options: SuiteRunOptions,
): Promise<{ checks: CheckResult[]; runErrors: string[] }> {
  const collector = new ResultCollector(options.onSuiteDone);
  const signals = ["SIGINT", "SIGTERM"] as const;
  const ours = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const vitest = await createVitest(
    "test",
    {
      config: false,
      root: packageRoot,
      dir: packageRoot,
      include: ["suites/**/*.suite.ts"],
      watch: false,
      reporters: [collector],
      provide: { usc: options.context },
      pool: "forks",
      maxWorkers: options.concurrency,
      fileParallelism: options.concurrency > 1,
      testTimeout: options.checkTimeoutMs,
      hookTimeout: options.checkTimeoutMs * 4,
      passWithNoTests: true,
      ...(options.grep === undefined ? {} : { testNamePattern: options.grep }),
    },
    { logLevel: "silent", clearScreen: false },
    { stdout: process.stderr, stderr: process.stderr },
  );
  // vitest's logger exits the process on SIGINT/SIGTERM, which would skip teardown and lose the reports;
  // the CLI's own handler cancels the run through the signal below instead.
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!ours.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  const cancel = () => void vitest.cancelCurrentRun("keyboard-input");
  options.signal.addEventListener("abort", cancel, { once: true });
  try {
    // An interrupt while vitest was being set up: nothing is started.
    if (!options.signal.aborted) await vitest.start(suiteFilesFor(options.grep, options.context.dialects));
  } catch (error) {
    collector.runErrors.push(
      `the suites could not run: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    options.signal.removeEventListener("abort", cancel);
    await vitest.close();
  }
  return { checks: collector.checks, runErrors: collector.runErrors };
}

/**
 * With --grep, only the suite files holding a check it selects (vitest matches the pattern against
 * "<suite> [<dialect>] <check id>"): a file none of whose checks match would be started only to run nothing,
 * which costs a worker process each. Undefined, every file, without --grep.
 */
function suiteFilesFor(grep: string | undefined, dialects: readonly string[]): string[] | undefined {
  if (grep === undefined) return undefined;
  const pattern = new RegExp(grep);
  return catalogues
    .filter((catalogue) =>
      catalogue.checks.some((check) =>
        dialects.some((dialect) => pattern.test(`${catalogue.suite} [${dialect}] ${check.id}`)),
      ),
    )
    .map((catalogue) => `suites/${catalogue.suite}.suite.ts`)
    .filter((file) => existsSync(join(packageRoot, file))); // the protocol check has no file of its own
}
