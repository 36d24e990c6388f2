/**
 * vitest's globalSetup: one scratch directory per `vitest run`, handed to every test file as
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

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "usc-vitest-run-"));
  project.provide("runScratch", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
