import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { VitestOutcomes } from "./vitest-outcomes-reporter.ts";

const reporter = fileURLToPath(new URL("./vitest-outcomes-reporter.ts", import.meta.url));

export interface NestedRun extends VitestOutcomes {
  code: number;
  output: string;
}

/**
 * Runs `vitest run` as its own process (the vitest of `vitestRoot`, e.g. a temporary project's) on the
 * given files from `cwd`, with the outcomes reporter, and returns its exit code and every test's outcome.
 */
export function runNestedVitest(options: {
  cwd: string;
  vitestRoot: string;
  args: string[];
  env?: Record<string, string>;
  timeoutMs: number;
}): Promise<NestedRun> {
  const work = mkdtempSync(join(tmpdir(), "usc-nested-vitest-"));
  const outcomesFile = join(work, "outcomes.json");
  const vitest = join(options.vitestRoot, "node_modules", "vitest", "vitest.mjs");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [vitest, "run", "--reporter", "default", "--reporter", reporter, ...options.args],
      {
        cwd: options.cwd,
        timeout: options.timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, ...options.env, USC_VITEST_OUTCOMES: outcomesFile, NO_COLOR: "1" },
      },
      (error, stdout, stderr) => {
        try {
          const output = `${stdout}\n${stderr}`;
          const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
          let outcomes: VitestOutcomes;
          try {
            outcomes = JSON.parse(readFileSync(outcomesFile, "utf8")) as VitestOutcomes;
          } catch {
            throw new Error(`vitest wrote no outcomes (exit ${code}):\n${output}`);
          }
          resolve({ code, output, ...outcomes });
        } catch (failure) {
          reject(failure instanceof Error ? failure : new Error(String(failure)));
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      },
    );
  });
}

/** The check id a conformance test is named after: its name is `<check id>: <title>`. */
export function checkIdOf(fullName: string): string {
  const name = fullName.split(" > ").at(-1) ?? "";
  return name.slice(0, name.indexOf(":"));
}

/** `lifecycle [api]`: the suite and dialect describe block a conformance test sits in. */
export function dialectOf(fullName: string): string {
  return /\[(rest|api)\] > /.exec(fullName)?.[1] ?? "";
}
