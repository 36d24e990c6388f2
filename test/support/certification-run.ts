import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, type CliResult } from "../../scripts/support/run-cli.ts";

export interface CertificationRun extends CliResult {
  /** The working directory the run had (its .usc state lives here). */
  workDir: string;
  /** The report directory: the bundle. */
  bundleDir: string;
  manifest: unknown;
}

/**
 * `usc run --profile certification` as a separate process, from a fresh working directory with the bundle
 * in its `bundle/` folder: the run state (.usc/) stays beside the bundle, never in it.
 */
export async function certificationRun(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CertificationRun> {
  const workDir = mkdtempSync(join(tmpdir(), "usc-certify-"));
  const bundleDir = join(workDir, "bundle");
  const result = await runCli(["run", "--profile", "certification", "--report-dir", bundleDir, ...args], {
    cwd: workDir,
    timeoutMs: options.timeoutMs ?? 240_000,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(bundleDir, "manifest.json"), "utf8"));
  } catch {
    manifest = undefined;
  }
  return { ...result, workDir, bundleDir, manifest };
}
