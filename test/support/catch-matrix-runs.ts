/**
 * The catch matrix's runs for the test files that read them (test/catch-matrix.test.ts: every row and the
 * traceability; test/composite-profiles.test.ts: the profiles' rows). scripts/catch-matrix.ts makes them in
 * a process of its own (it owns its process while `usc run` runs in it) and hands them over as JSON.
 *
 * The full matrix holds the profiles' runs too, so it is made once per vitest run and both files read it:
 * two files each running the profiles (six runs of every suite, plus a clean one) repeated a fifth of the
 * matrix. test/composite-profiles.test.ts run without the catch-matrix file makes only the profiles' runs.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CatchMatrix } from "../../scripts/support/catch-matrix-runner.ts";
import { inject } from "vitest";
import { oncePerRun } from "./once-per-run.ts";

const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
const script = fileURLToPath(new URL("../../scripts/catch-matrix.ts", import.meta.url));
const full = "catch-matrix.json";

/** Runs scripts/catch-matrix.ts with `args`, writing its runs to `json`; rejects past `timeoutMs`. */
function runScript(json: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // A larger young generation: the matrix makes short-lived objects for about 45,000 exchanges, and
    // with V8's default semi-space it scavenged (and promoted) so often that the collector was its largest
    // single cost. 32 MB cut the matrix's CPU by about 3 s (median of 3 at load 7-11: 35.4 -> 32.4 CPU-s).
    const child = spawn(
      process.execPath,
      ["--max-semi-space-size=32", "--import", "tsx", script, ...args, "--json", json, "--no-write"],
      { cwd: packageRoot, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`scripts/catch-matrix.ts did not finish within ${timeoutMs / 1000} s:\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    // A row that does not hold exits 1 with the JSON written: the tests say which. No JSON is an error.
    child.on("close", () => {
      clearTimeout(timer);
      try {
        readFileSync(json);
        resolve();
      } catch {
        reject(new Error(`scripts/catch-matrix.ts wrote no results:\n${stderr}`));
      }
    });
  });
}

function read(json: string): CatchMatrix {
  return JSON.parse(readFileSync(json, "utf8")) as CatchMatrix;
}

/** Every run of the matrix: the clean one, one per fault, one per profile; made once per vitest run. */
export async function fullCatchMatrix(timeoutMs: number): Promise<CatchMatrix> {
  return read(await oncePerRun(full, timeoutMs, (json) => runScript(json, [], timeoutMs)));
}

/**
 * The clean run and the profiles' runs: the full matrix's when test/catch-matrix.test.ts is in this run
 * (the sequencer says so before any file starts), else only these (`--profiles-only`, three at a time).
 */
export async function profileRuns(timeoutMs: number): Promise<CatchMatrix> {
  if (inject("catchMatrixInRun")) return fullCatchMatrix(timeoutMs);
  const dir = mkdtempSync(join(tmpdir(), "usc-composite-profiles-test-"));
  try {
    const json = join(dir, "profiles.json");
    await runScript(json, ["--profiles-only", "--parallel", "3"], timeoutMs);
    return read(json);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
