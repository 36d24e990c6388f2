import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliResult } from "../../scripts/support/run-cli.ts";
import { uscInProcess } from "./usc-in-process.ts";

export interface CertificationRun extends CliResult {
  /** The working directory the run had (its .usc state lives here). */
  workDir: string;
  /** The report directory: the bundle. */
  bundleDir: string;
  manifest: unknown;
}

/**
 * `usc run --profile certification` from a fresh working directory with the bundle in its `bundle/`
 * folder: the run state (.usc/) stays beside the bundle, never in it. The run is in this process
 * (test/support/usc-in-process.ts): the tests are about the bundle, not the process.
 */
export async function certificationRun(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CertificationRun> {
  const workDir = mkdtempSync(join(tmpdir(), "usc-certify-"));
  const bundleDir = join(workDir, "bundle");
  const result = await uscInProcess(
    ["run", "--profile", "certification", "--report-dir", bundleDir, ...args],
    {
      cwd: workDir,
      timeoutMs: options.timeoutMs ?? 240_000,
      ...(options.env === undefined ? {} : { env: options.env }),
    },
  );
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(bundleDir, "manifest.json"), "utf8"));
  } catch {
    manifest = undefined;
  }
  return { ...result, workDir, bundleDir, manifest };
}
