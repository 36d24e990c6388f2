import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faultNames } from "../server/index.ts";
import {
  catchMatrixPath,
  rowProblems,
  unexercisedChecks,
  unexercisedReasons,
  type CatchMatrix,
} from "../scripts/support/catch-matrix-runner.ts";
import { renderCatchMatrixDocument } from "../scripts/support/fault-profile-runs.ts";

// The catch matrix: every fault variant of the reference server fails the run through the checks declared
// to catch it, and the unmodified server passes. scripts/catch-matrix.ts makes the runs (in a process of its
// own: it runs `usc run` in-process, a few at a time) and hands them over as JSON.

const packageRoot = fileURLToPath(new URL("../", import.meta.url));
const script = fileURLToPath(new URL("../scripts/catch-matrix.ts", import.meta.url));
const matrixTimeoutMs = 480_000;

function runMatrix(json: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, "--json", json, "--no-write"], {
      cwd: packageRoot,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the catch matrix did not finish within ${matrixTimeoutMs / 1000} s:\n${stderr}`));
    }, matrixTimeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("the catch matrix", () => {
  const dir = mkdtempSync(join(tmpdir(), "usc-catch-matrix-test-"));
  let matrix: CatchMatrix;

  beforeAll(async () => {
    const json = join(dir, "matrix.json");
    const { stderr } = await runMatrix(json);
    if (!existsSync(json)) throw new Error(`scripts/catch-matrix.ts wrote no results:\n${stderr}`);
    matrix = JSON.parse(readFileSync(json, "utf8")) as CatchMatrix;
  }, matrixTimeoutMs + 10_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the unmodified reference server passes every suite: exit 0, no fail, warn, blocked or error", () => {
    expect(rowProblems(matrix.clean)).toEqual([]);
  });

  it.each(faultNames)("%s: the run fails and every declared catcher fails", (name) => {
    const run = matrix.variants.find((variant) => variant.fault === name);
    expect(run, `no run for ${name}`).toBeDefined();
    if (run !== undefined) expect(rowProblems(run)).toEqual([]);
  });

  it("every check no fault makes fail is explained, and every explanation is still needed", () => {
    const unexercised = unexercisedChecks(matrix);
    expect(unexercised.filter((id) => unexercisedReasons[id] === undefined)).toEqual([]);
    expect(Object.keys(unexercisedReasons).filter((id) => !unexercised.includes(id))).toEqual([]);
  });

  it("docs/catch-matrix.md is current", () => {
    const committed = existsSync(catchMatrixPath) ? readFileSync(catchMatrixPath, "utf8") : "";
    // The document includes the composite profiles' section: the script runs them too.
    if (committed !== renderCatchMatrixDocument(matrix)) {
      expect.fail("docs/catch-matrix.md is stale: run npx tsx scripts/catch-matrix.ts");
    }
  });
});
