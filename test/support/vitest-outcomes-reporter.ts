/**
 * A vitest reporter for the tests that run vitest on a file calling `conformance()`: it writes every test's
 * state, skip note, error messages and annotations, and every error of a module or suite (a failed
 * `beforeAll`, a file that threw while collected), as JSON to the file named by USC_VITEST_OUTCOMES.
 * Vitest's own JSON reporter leaves out skip notes and annotations, which are what the integration sets.
 */
import { writeFileSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";

export interface TestOutcome {
  /** The test file, relative to the vitest root. */
  file: string;
  /** The describe blocks and the test's name, joined with " > ". */
  fullName: string;
  state: string;
  note: string | undefined;
  errors: string[];
  annotations: { type: string; message: string }[];
}

export interface VitestOutcomes {
  tests: TestOutcome[];
  /** Errors of modules and suites (hooks, collection), each with its file, and errors outside any test. */
  errors: { file: string | undefined; message: string }[];
}

export default class OutcomesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<{ message?: string }>): void {
    const path = process.env.USC_VITEST_OUTCOMES;
    if (path === undefined) throw new Error("USC_VITEST_OUTCOMES names no file to write the outcomes to");
    const outcomes: VitestOutcomes = {
      tests: [],
      errors: unhandled.map((error) => ({ file: undefined, message: String(error.message) })),
    };
    for (const module of modules) {
      const file = module.relativeModuleId;
      const errors = [...module.errors(), ...[...module.children.allSuites()].flatMap((s) => s.errors())];
      outcomes.errors.push(...errors.map((error) => ({ file, message: error.message })));
      for (const test of module.children.allTests()) {
        const result = test.result();
        outcomes.tests.push({
          file: module.relativeModuleId,
          fullName: test.fullName,
          state: result.state,
          note: result.state === "skipped" ? result.note : undefined,
          errors: (result.errors ?? []).map((error) => error.message),
          annotations: test.annotations().map(({ type, message }) => ({ type, message })),
        });
      }
    }
    writeFileSync(path, JSON.stringify(outcomes));
  }
}
