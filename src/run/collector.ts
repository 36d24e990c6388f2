import type { Reporter, TestCase, TestModule, TestSuite } from "vitest/node";
import type { CheckResult } from "../results/model.ts";
import "../checks/suite.ts";

/**
 * The vitest reporter of `usc run`: gathers the CheckResults the suites recorded in task meta, reports
 * each suite as it finishes, and turns anything vitest itself reports (a suite file that failed to load, a
 * test that timed out before recording a result) into harness errors rather than losing it.
 */
export class ResultCollector implements Reporter {
  /** Keyed by suite, dialect, id and title: a cancelled run reports some tests twice, a result counts once. */
  readonly #checks = new Map<string, CheckResult>();
  readonly runErrors: string[] = [];
  readonly #onSuiteDone: (suiteName: string, checks: CheckResult[]) => void;

  constructor(onSuiteDone: (suiteName: string, checks: CheckResult[]) => void) {
    this.#onSuiteDone = onSuiteDone;
  }

  get checks(): CheckResult[] {
    return [...this.#checks.values()];
  }

  #add(check: CheckResult): void {
    this.#checks.set(`${check.suite}\u0000${check.dialect}\u0000${check.id}\u0000${check.title}`, check);
  }

  onTestCaseResult(testCase: TestCase): void {
    const recorded = testCase.meta().uscCheck;
    if (recorded !== undefined) {
      this.#add(recorded);
      return;
    }
    const state = testCase.result().state;
    if (state === "skipped") return; // filtered out by --grep
    const reason = testCase.result().errors?.[0]?.message ?? "the check ended without recording a result";
    this.runErrors.push(`${testCase.fullName}: ${reason}`);
  }

  onTestSuiteResult(testSuite: TestSuite): void {
    const meta = testSuite.meta();
    const suiteChecks = meta.uscSuiteChecks ?? [];
    for (const check of suiteChecks) this.#add(check);
    this.runErrors.push(...(meta.uscRunErrors ?? []));
    for (const error of testSuite.errors()) this.runErrors.push(`${testSuite.name}: ${error.message}`);
    const mine = this.checks.filter((c) => `${c.suite} [${c.dialect}]` === testSuite.name);
    if (mine.length > 0) this.#onSuiteDone(testSuite.name, mine);
  }

  onTestModuleEnd(testModule: TestModule): void {
    for (const error of testModule.errors()) this.runErrors.push(`${testModule.moduleId}: ${error.message}`);
  }
}
