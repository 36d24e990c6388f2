import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunResult } from "../../src/results/model.ts";
import { runCli, type CliResult } from "./run-cli.ts";

export interface UscRunOutcome extends CliResult {
  reportDir: string;
  /** results.json read back (undefined when it was not written). */
  results: RunResult | undefined;
  junit: string | undefined;
  markdown: string | undefined;
}

/**
 * Runs `usc run` as a separate process (against the embedded reference server unless `--target` is among
 * the arguments) with its reports in a fresh temporary directory, and reads the reports back.
 */
export async function runUsc(
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<UscRunOutcome> {
  const reportDir = mkdtempSync(join(tmpdir(), "usc-run-"));
  const result = await runCli(["run", "--report-dir", reportDir, ...args], {
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.env === undefined ? {} : { env: options.env }),
    cwd: reportDir,
  });
  return withReports(result, reportDir);
}

/** A finished `usc run`'s result with the reports it left in `reportDir` read back. */
export function withReports(result: CliResult, reportDir: string): UscRunOutcome {
  const read = (name: string) =>
    existsSync(join(reportDir, name)) ? readFileSync(join(reportDir, name), "utf8") : undefined;
  const resultsText = read("results.json");
  return {
    ...result,
    reportDir,
    results: resultsText === undefined ? undefined : (JSON.parse(resultsText) as RunResult),
    junit: read("junit.xml"),
    markdown: read("report.md"),
  };
}
