import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  cleanSequences,
  fuzzMatrixPath,
  renderCleanSection,
  runFuzzMatrix,
} from "../scripts/support/fuzz-matrix-runner.ts";

/**
 * Specificity of the fuzz model: 500 random sequences against the unmodified reference server (half in each
 * dialect) diverge nowhere, and docs/fuzz.md's clean table is what this run produces.
 */
describe("the fuzz matrix: unmodified reference server", () => {
  it("runs 500 sequences in the two dialects without a divergence", async () => {
    const matrix = await runFuzzMatrix({ faults: [] });
    expect(matrix.clean.map((row) => [row.dialect, row.sequences, row.divergences])).toEqual([
      ["rest", cleanSequences, 0],
      ["api", cleanSequences, 0],
    ]);
    expect(cleanSequences * 2).toBe(500);
    for (const row of matrix.clean) expect(row.problems).toEqual([]);
    expect(readFileSync(fuzzMatrixPath, "utf8"), "docs/fuzz.md is stale: run npm run fuzz-matrix").toContain(
      renderCleanSection(matrix.clean),
    );
  }, 150_000);
});
