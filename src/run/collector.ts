import type { Reporter, TestCase, TestModule, TestSuite } from "vitest/node";
import type { CheckResult } from "../results/model.ts";
import "../checks/suite.ts";

/**
 * The vitest reporter of `usc run`: gathers the CheckResults the suites recorded in task meta, reports
 * each suite as it finishes, and turns anything vitest itself reports (a suite file that failed to load, a
 * test that timed out before recording a result) into harness errors rather than losing it.
 */
export class ResultCollector implements Reporter {
  readonly checks: CheckResult[] = [];
  readonly runErrors: string[] = [];
  readonly #onSuiteDone: (suiteName: string, checks: CheckResult[]) => void;

  constructor(onSuiteDone: (suiteName: string, checks: CheckResult[]) => void) {
    this.#onSuiteDone = onSuiteDone;
  }

  onTestCaseResult(testCase: TestCase): void {
    const recorded = testCase.meta().uscCheck;
    if (recorded !== undefined) {
      this.checks.push(recorded);
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
    this.checks.push(...suiteChecks);
    this.runErrors.push(...(meta.uscRunErrors ?? []));
    for (const error of testSuite.errors()) this.runErrors.push(`${testSuite.name}: ${error.message}`);
    const mine = this.checks.filter((c) => `${c.suite} [${c.dialect}]` === testSuite.name);
    if (mine.length > 0) this.#onSuiteDone(testSuite.name, mine);
  }

  onTestModuleEnd(testModule: TestModule): void {
    for (const error of testModule.errors()) this.runErrors.push(`${testModule.moduleId}: ${error.message}`);
  }
}
