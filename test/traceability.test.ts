import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../src/results/model.ts";
import {
  renderTraceability,
  requirementIdProblems,
  runReference,
  staleExplanationProblems,
  traceabilityPath,
  traceRequirements,
  uncoveredProblems,
  type Traceability,
} from "../scripts/support/traceability-report.ts";

/** The first lines where two texts differ, for a message that shows what changed without a 60 KB diff. */
function firstDifferences(written: string, current: string, limit = 5): string {
  const a = written.split("\n");
  const b = current.split("\n");
  const lines: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && lines.length < limit * 2; i += 1) {
    if (a[i] === b[i]) continue;
    lines.push(`  line ${i + 1} written: ${(a[i] ?? "(none)").slice(0, 300)}`);
    lines.push(`  line ${i + 1} now:     ${(b[i] ?? "(none)").slice(0, 300)}`);
  }
  return lines.join("\n");
}

describe("the requirement ids checks name", () => {
  it("every check of the catalogues names at least one requirement, and only ones spec/requirements.yaml has", () => {
    expect(requirementIdProblems()).toEqual([]);
  });
});

describe("traceability on the reference server", () => {
  let run: RunResult;
  let trace: Traceability;

  // One `usc run` of every suite in both dialects, shared by every assertion below.
  beforeAll(async () => {
    run = await runReference();
    trace = traceRequirements(run.checks);
  }, 180_000);

  it("the run finished without run errors, and its results name only known requirements", () => {
    expect(run.runErrors).toEqual([]);
    expect(requirementIdProblems(run.checks)).toEqual([]);
  });

  it("every requirement is tested by a check that ran there, or says why not (excluded: or awaiting a check)", () => {
    expect(uncoveredProblems(trace)).toEqual([]);
  });

  it("an excluded or awaiting requirement that a check now tests loses its exclusion or gap entry", () => {
    expect(staleExplanationProblems(trace)).toEqual([]);
  });

  it("docs/traceability.md is what scripts/traceability.ts writes from this run", () => {
    const current = renderTraceability(trace);
    const written = existsSync(traceabilityPath) ? readFileSync(traceabilityPath, "utf8") : "";
    if (written !== current) {
      throw new Error(
        `docs/traceability.md is stale: run npx tsx scripts/traceability.ts (and commit it). First differences:\n${firstDifferences(written, current)}`,
      );
    }
  });
});
