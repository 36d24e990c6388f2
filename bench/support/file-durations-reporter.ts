/**
 * A vitest reporter for bench/self-tests.ts: writes each test file's wall time as vitest saw it (importing
 * the file, its hooks and its tests, not only the tests, which is all vitest's JSON reporter counts), and
 * every test that used more than a third of its timeout (a margin under 3x: flaky on a busier machine),
 * as JSON to the file named by USC_FILE_DURATIONS.
 */
import { writeFileSync } from "node:fs";
import type { Reporter, TestModule, Vitest } from "vitest/node";

export interface FileDuration {
  file: string;
  /** Milliseconds from the worker's set-up of the file to its last hook. */
  ms: number;
  tests: number;
}

export interface TightTimeout {
  file: string;
  test: string;
  ms: number;
  timeoutMs: number;
}

export interface SelfTestDurations {
  files: FileDuration[];
  tight: TightTimeout[];
}

export default class FileDurationsReporter implements Reporter {
  private defaultTimeoutMs = 5_000;

  onInit(vitest: Vitest): void {
    this.defaultTimeoutMs = vitest.config.testTimeout;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const path = process.env.USC_FILE_DURATIONS;
    if (path === undefined) throw new Error("USC_FILE_DURATIONS names no file to write the durations to");
    const durations: SelfTestDurations = { files: [], tight: [] };
    for (const module of modules) {
      const d = module.diagnostic();
      const tests = [...module.children.allTests()];
      durations.files.push({
        file: module.relativeModuleId,
        ms: d.environmentSetupDuration + d.prepareDuration + d.collectDuration + d.setupDuration + d.duration,
        tests: tests.length,
      });
      for (const test of tests) {
        const ms = test.diagnostic()?.duration ?? 0;
        const timeoutMs = test.options.timeout ?? this.defaultTimeoutMs;
        if (ms * 3 > timeoutMs)
          durations.tight.push({ file: module.relativeModuleId, test: test.fullName, ms, timeoutMs });
      }
    }
    writeFileSync(path, JSON.stringify(durations));
  }
}
