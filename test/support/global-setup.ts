/**
 * vitest's globalSetup: one scratch directory per `vitest run`, handed to every test file of every project as
 * `inject("runScratch")` and removed when the run ends. Test files that need the same costly result (the
 * catch matrix's runs) make it once there for the whole run instead of once per file
 * (test/support/once-per-run.ts); a directory per run keeps a result from outliving the tree it was made
 * from.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    runScratch: string;
    /** test/catch-matrix.test.ts is among this run's files (set by the sequencer, vitest.config.ts). */
    catchMatrixInRun: boolean;
  }
}

/**
 * vitest runs a global setup once per project (vitest.config.ts has two: shared and isolated), in its one
 * main process. The first project's setup makes the directory and the others are given the same one, so a
 * file of either project finds what a file of the other made; the last teardown removes it.
 */
const runKey = Symbol.for("update-session-conformance.vitest-run-scratch");
type RunScratch = { dir: string; users: number };
const holder = globalThis as { [runKey]?: RunScratch };

export default function setup(project: TestProject): () => void {
  const scratch = (holder[runKey] ??= { dir: mkdtempSync(join(tmpdir(), "usc-vitest-run-")), users: 0 });
  scratch.users += 1;
  project.provide("runScratch", scratch.dir);
  return () => {
    scratch.users -= 1;
    if (scratch.users > 0) return;
    delete holder[runKey];
    rmSync(scratch.dir, { recursive: true, force: true });
  };
}
