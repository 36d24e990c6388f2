import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  fuzzFaults,
  fuzzMatrixPath,
  renderFaultSection,
  runFuzzMatrix,
} from "../scripts/support/fuzz-matrix-runner.ts";

/**
 * The fuzz finds every fault variant of docs/fuzz.md within the default budget, with the fixed seed, and
 * shrinks each to a short sequence; the document's fault table is what a fresh run produces (regenerate
 * with `npm run fuzz-matrix`). The clean proof is test/fuzz-clean.test.ts.
 */
describe("the fuzz matrix: fault variants", () => {
  // About 25 s alone, 46 s beside a loaded run of the self-tests (load average 18): a margin of 6x.
  it("finds each of at least 15 faults with the default budget, some only by a particular order of operations", async () => {
    const matrix = await runFuzzMatrix({ clean: false });
    expect(fuzzFaults.length).toBeGreaterThanOrEqual(15);
    for (const row of matrix.faults) {
      expect(row.problems, row.fault).toEqual([]);
      expect(row.runsToDetection, row.fault).toBeDefined();
      expect(row.shrunkSteps, row.fault).toBe(row.steps.length);
    }
    // Order matters: a refusal that still changed the session shows only when something reads it after.
    const ordered = matrix.faults.filter((row) => (row.shrunkSteps ?? 0) >= 4);
    expect(ordered.map((row) => row.fault)).toEqual(
      expect.arrayContaining(["complete-refusal-ends-session", "visible-before-complete"]),
    );
    const document = readFileSync(fuzzMatrixPath, "utf8");
    expect(document, "docs/fuzz.md is stale: run npm run fuzz-matrix").toContain(
      renderFaultSection(matrix.faults),
    );
  }, 300_000);
});
