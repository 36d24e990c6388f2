import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { fullCatchMatrix } from "./support/catch-matrix-runs.ts";
import { faultNames, faultTable, type FaultDefinition } from "../server/index.ts";
import { catalogues } from "../src/catalogue/index.ts";
import {
  catchMatrixPath,
  rowProblems,
  unexercisedChecks,
  unexercisedReasons,
  type CatchMatrix,
} from "../scripts/support/catch-matrix-runner.ts";
import { renderCatchMatrixDocument } from "../scripts/support/fault-profile-runs.ts";
import {
  provenRequirements,
  renderTraceability,
  staleExplanationProblems,
  traceabilityPath,
  traceMatrix,
  uncoveredProblems,
  vacuousCheckProblems,
  type Traceability,
} from "../scripts/support/traceability-report.ts";

// The catch matrix: every fault variant of the reference server fails the run through the checks declared
// to catch it, and the unmodified server passes. scripts/catch-matrix.ts makes the runs (in a process of its
// own: it runs `usc run` in-process, a few at a time) and hands them over as JSON, once per vitest run for
// this file and test/composite-profiles.test.ts (test/support/catch-matrix-runs.ts). The same runs feed the
// traceability (docs/traceability.md): the clean run's verdicts, and the fault runs as proofs that each
// requirement and each check is caught breaking; no second run of the suites is made for it.

// About 45 CPU-s in one process: 50 s at a load average of 5 on a 2-core machine, past 480 s twice at a
// load average of 15 (other work's catch matrices beside it). The limit allows for that and more.
const matrixTimeoutMs = 1_200_000;

/**
 * The fewest requirements a fault must prove (docs/traceability.md, "proven"). Raise it with every fault
 * that proves one more; a change that loses a proof fails here instead of quietly lowering the count.
 */
const provenFloor = 155;

const namedRequirements = new Map<string, readonly string[]>(
  catalogues.flatMap((catalogue) => catalogue.checks.map((check) => [check.id, check.requirements] as const)),
);

/** The first lines where two texts differ: what changed, without a 60 KB diff. */
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

/**
 * Every proof the traceability claims, re-checked against the fault table, the catalogue and the runs
 * themselves rather than through the code that found it: the fault breaks the requirement, the check names
 * it, and in the fault's run the check failed (or warned, below MUST) in each dialect the proof lists.
 */
function unsupportedProofs(trace: Traceability, matrix: CatchMatrix): string[] {
  const faults: readonly FaultDefinition[] = faultTable;
  const problems: string[] = [];
  for (const { requirement, proofs } of trace.requirements) {
    for (const proof of proofs) {
      const claim = `${requirement.id} proven by ${proof.fault} through ${proof.check}`;
      if (!(faults.find((fault) => fault.name === proof.fault)?.breaks ?? []).includes(requirement.id))
        problems.push(`${claim}: the fault does not break it`);
      if (!(namedRequirements.get(proof.check) ?? []).includes(requirement.id))
        problems.push(`${claim}: the check does not name it`);
      const run = matrix.variants.find((variant) => variant.fault === proof.fault);
      for (const dialect of proof.dialects) {
        if (!requirement.dialects.includes(dialect as (typeof requirement.dialects)[number]))
          problems.push(`${claim}: ${dialect} is not a dialect the requirement holds for`);
        const caught = (run?.checks ?? []).some(
          (check) =>
            check.id === proof.check &&
            check.dialect === dialect &&
            (check.status === "fail" || (check.status === "warn" && requirement.level !== "MUST")),
        );
        if (!caught)
          problems.push(
            `${claim}: the check did not ${requirement.level === "MUST" ? "fail" : "fail or warn"} in ${dialect}`,
          );
      }
    }
  }
  return problems;
}

describe("the catch matrix", () => {
  let matrix: CatchMatrix;

  beforeAll(async () => {
    matrix = await fullCatchMatrix(matrixTimeoutMs);
  }, matrixTimeoutMs + 10_000);

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

  describe("traceability by mutation, from the same runs", () => {
    let trace: Traceability;
    beforeAll(() => {
      trace = traceMatrix(matrix);
    });

    it("every requirement is tested by a check that ran on the clean server, or says why not", () => {
      expect(uncoveredProblems(trace)).toEqual([]);
    });

    it("an excluded or awaiting requirement that a check now tests loses its exclusion or gap entry", () => {
      expect(staleExplanationProblems(trace)).toEqual([]);
    });

    it("no requirement is claimed proven without a fault that breaks it and a check naming it that failed", () => {
      expect(unsupportedProofs(trace, matrix)).toEqual([]);
    });

    it(`faults prove at least ${provenFloor} requirements`, () => {
      expect(provenRequirements(trace).length).toBeGreaterThanOrEqual(provenFloor);
    });

    it("no vacuous check: each fails under a fault breaking a requirement it names, or is listed with a reason", () => {
      expect(vacuousCheckProblems(trace)).toEqual([]);
    });

    it("docs/traceability.md is current", () => {
      const committed = existsSync(traceabilityPath) ? readFileSync(traceabilityPath, "utf8") : "";
      const current = renderTraceability(trace);
      if (committed !== current) {
        expect.fail(
          `docs/traceability.md is stale: run npx tsx scripts/catch-matrix.ts. First differences:\n${firstDifferences(committed, current)}`,
        );
      }
    });
  });

  it("docs/catch-matrix.md is current", () => {
    const committed = existsSync(catchMatrixPath) ? readFileSync(catchMatrixPath, "utf8") : "";
    // The document includes the composite profiles' section: the script runs them too.
    if (committed !== renderCatchMatrixDocument(matrix)) {
      expect.fail("docs/catch-matrix.md is stale: run npx tsx scripts/catch-matrix.ts");
    }
  });
});
