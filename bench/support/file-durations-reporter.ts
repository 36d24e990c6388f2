/**
 * A vitest reporter for bench/self-tests.ts: writes each test file's wall time as vitest saw it (importing
 * the file, its hooks and its tests, not only the tests, which is all vitest's JSON reporter counts) and
 * whether it shared a worker, as JSON to the file named by USC_FILE_DURATIONS.
 */
import { writeFileSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";

export interface FileDuration {
  file: string;
  /** Milliseconds from the worker's set-up of the file to its last hook. */
  ms: number;
  tests: number;
}

export default class FileDurationsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const path = process.env.USC_FILE_DURATIONS;
    if (path === undefined) throw new Error("USC_FILE_DURATIONS names no file to write the durations to");
    const files: FileDuration[] = modules.map((module) => {
      const d = module.diagnostic();
      return {
        file: module.relativeModuleId,
        ms: d.environmentSetupDuration + d.prepareDuration + d.collectDuration + d.setupDuration + d.duration,
        tests: [...module.children.allTests()].length,
      };
    });
    writeFileSync(path, JSON.stringify(files));
  }
}
