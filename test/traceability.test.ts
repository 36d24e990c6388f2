import { describe, expect, it } from "vitest";
import { faultTable, type FaultDefinition } from "../server/index.ts";
import { catalogues } from "../src/catalogue/index.ts";
import { requirementIdProblems } from "../scripts/support/traceability-report.ts";
import { loadRequirements } from "../spec/catalogue.ts";
import type { CatchMatrix, VariantRun } from "../scripts/support/catch-matrix-runner.ts";
import { breaksProblems, checkProofs, requirementProofs } from "../scripts/support/traceability-proof.ts";
import { unprovenChecks } from "../scripts/support/traceability-unproven-checks.ts";

// What the traceability reads besides runs: the requirement ids checks name, the ids faults break, and the
// list of checks no fault proves yet. The judgements that need runs (covered, proven, no vacuous check,
// docs/traceability.md current) are in test/catch-matrix.test.ts, on the catch matrix's one run.

const checkIds = new Set(catalogues.flatMap((catalogue) => catalogue.checks.map((check) => check.id)));

describe("the requirement ids checks name", () => {
  it("every check of the catalogues names at least one requirement, and only ones spec/requirements.yaml has", () => {
    expect(requirementIdProblems()).toEqual([]);
  });
});

describe("the requirement ids faults break", () => {
  it("every fault of server/faults.ts breaks at least one requirement, each one spec/requirements.yaml has", () => {
    expect(breaksProblems()).toEqual([]);
  });

  it("an id spec/requirements.yaml does not have, or a fault that breaks nothing, is named", () => {
    const faults: FaultDefinition[] = [
      {
        name: "made-up",
        description: "d",
        dialects: ["rest"],
        breaks: ["no.such.requirement"],
        catchers: [],
      },
      { name: "breaks-nothing", description: "d", dialects: ["rest"], breaks: [], catchers: [] },
    ];
    expect(breaksProblems(faults)).toEqual([
      "made-up breaks no.such.requirement, which spec/requirements.yaml does not have",
      "breaks-nothing breaks no requirement; name the ones it breaks",
    ]);
  });

  it("every fault's catchers name a requirement it breaks, or the catch matrix could not prove it", () => {
    const named = new Map<string, readonly string[]>(
      catalogues.flatMap((catalogue) =>
        catalogue.checks.map((check) => [check.id, check.requirements] as const),
      ),
    );
    const faults: readonly FaultDefinition[] = faultTable;
    const unrelated = faults
      .filter((fault) =>
        fault.catchers.every((id) => !(named.get(id) ?? []).some((req) => fault.breaks.includes(req))),
      )
      .map((fault) => fault.name);
    expect(unrelated).toEqual([]);
  });
});

describe("the checks no fault proves yet", () => {
  it("names only checks of the catalogues, each with a reason", () => {
    for (const [id, reason] of Object.entries(unprovenChecks)) {
      expect(checkIds, id).toContain(id);
      expect(reason.length, id).toBeGreaterThan(10);
    }
  });
});

describe("what counts as a proof (traceability by mutation)", () => {
  const requirement = (id: string) => {
    const found = loadRequirements().find((entry) => entry.id === id);
    if (found === undefined) throw new Error(`spec/requirements.yaml has no ${id}`);
    return found;
  };
  const fault = (name: string, breaks: string[]): FaultDefinition => ({
    name,
    description: "a made-up fault",
    dialects: ["rest", "api"],
    breaks,
    catchers: ["wrong-state.active.delete"],
  });
  type Result = VariantRun["checks"][number];
  const result = (id: string, dialect: "rest" | "api", status: Result["status"], level: Result["level"]) => ({
    id,
    dialect,
    status,
    level,
    message: "",
  });
  const matrixOf = (runs: Record<string, Result[]>): CatchMatrix => ({
    clean: { fault: undefined, suites: undefined, code: 0, checks: [], runErrors: [] },
    profiles: [],
    variants: Object.entries(runs).map(([name, checks]) => ({
      fault: name,
      suites: ["wrong-state"],
      code: 1,
      checks,
      runErrors: [],
    })),
  });
  // wrong-state.active.delete (MUST) names delete.active.not-allowed (MUST, both dialects).
  const mustRequirement = requirement("delete.active.not-allowed");
  const check = "wrong-state.active.delete";

  it("a MUST requirement is proven by a fault breaking it under which a check naming it fails", () => {
    const matrix = matrixOf({
      breaker: [result(check, "rest", "fail", "MUST"), result(check, "api", "pass", "MUST")],
    });
    expect(requirementProofs(mustRequirement, matrix, [fault("breaker", [mustRequirement.id])])).toEqual([
      { fault: "breaker", check, dialects: ["rest"] },
    ]);
    expect(checkProofs(check, matrix, [fault("breaker", [mustRequirement.id])])).toEqual([
      { fault: "breaker", check, dialects: ["rest"] },
    ]);
  });

  it("a failure under a fault that does not break the requirement proves nothing", () => {
    const matrix = matrixOf({ other: [result(check, "rest", "fail", "MUST")] });
    const faults = [fault("other", ["state.initial-active"])];
    expect(requirementProofs(mustRequirement, matrix, faults)).toEqual([]);
    expect(checkProofs(check, matrix, faults)).toEqual([]);
  });

  it("a warning does not prove a MUST, and a pass proves nothing", () => {
    const matrix = matrixOf({
      breaker: [result(check, "rest", "warn", "MUST"), result(check, "api", "pass", "MUST")],
    });
    const faults = [fault("breaker", [mustRequirement.id])];
    expect(requirementProofs(mustRequirement, matrix, faults)).toEqual([]);
    expect(checkProofs(check, matrix, faults)).toEqual([]);
  });

  it("a warning proves a SHOULD requirement, only in a dialect the requirement holds for", () => {
    // not-found.session.get names errors.api-error-type-present (SHOULD, api only).
    const should = requirement("errors.api-error-type-present");
    const named = "not-found.session.get";
    const matrix = matrixOf({
      breaker: [result(named, "rest", "fail", "MUST"), result(named, "api", "warn", "MUST")],
    });
    expect(requirementProofs(should, matrix, [fault("breaker", [should.id])])).toEqual([
      { fault: "breaker", check: named, dialects: ["api"] },
    ]);
    const restOnly = matrixOf({ breaker: [result(named, "rest", "fail", "MUST")] });
    expect(requirementProofs(should, restOnly, [fault("breaker", [should.id])])).toEqual([]);
  });
});
