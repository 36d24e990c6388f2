import { loadRequirements, type Requirement } from "../../spec/catalogue.ts";
import { faultTable, type FaultDefinition } from "../../server/index.ts";
import { catalogues } from "../../src/catalogue/index.ts";
import type { CatchMatrix, VariantRun } from "./catch-matrix-runner.ts";

/**
 * Traceability by mutation: which fault proves which requirement, and which check. A check naming a
 * requirement proves little by passing on the reference server; it proves the requirement is tested when
 * a fault that breaks the requirement (`breaks` in server/faults.ts) makes that check fail in the catch
 * matrix's run of the fault. Computed from the matrix's fault runs, so one matrix run feeds both
 * docs/catch-matrix.md and docs/traceability.md.
 */

/** One piece of evidence: in `fault`'s run, `check` failed (or warned) in `dialects`. */
export interface Proof {
  fault: string;
  check: string;
  dialects: string[];
}

/** The check ids of the catalogues with the requirements each names. */
const namedRequirements: ReadonlyMap<string, readonly string[]> = new Map(
  catalogues.flatMap((catalogue) => catalogue.checks.map((check) => [check.id, check.requirements] as const)),
);

/**
 * Whether a result counts as catching a deviation of `level`: a failure always; a warning only where the
 * rule is not a MUST (a MUST broken must fail the run, a warning would let it pass).
 */
export function catches(status: string, level: string): boolean {
  return status === "fail" || (status === "warn" && level !== "MUST");
}

/** The fault's run in the matrix, by name. */
function runsByFault(matrix: CatchMatrix): Map<string, VariantRun> {
  return new Map(
    matrix.variants.flatMap((run) => (run.fault === undefined ? [] : [[run.fault, run] as const])),
  );
}

/** Evidence grouped by fault and check, dialects merged, sorted by fault then check. */
function grouped(entries: Array<{ fault: string; check: string; dialect: string }>): Proof[] {
  const proofs = new Map<string, Proof>();
  for (const { fault, check, dialect } of entries) {
    const key = `${fault} ${check}`;
    const proof = proofs.get(key) ?? { fault, check, dialects: [] };
    if (!proof.dialects.includes(dialect)) proof.dialects.push(dialect);
    proofs.set(key, proof);
  }
  return [...proofs.values()]
    .map((proof) => ({ ...proof, dialects: ["rest", "api"].filter((d) => proof.dialects.includes(d)) }))
    .sort((a, b) => a.fault.localeCompare(b.fault) || a.check.localeCompare(b.check));
}

/**
 * The proofs of one requirement: runs of faults whose `breaks` names it, in which a check that names it
 * failed (or warned, for a SHOULD or MAY requirement) in a dialect the requirement holds for.
 */
export function requirementProofs(
  requirement: Requirement,
  matrix: CatchMatrix,
  faults: readonly FaultDefinition[] = faultTable,
): Proof[] {
  const runs = runsByFault(matrix);
  const entries: Array<{ fault: string; check: string; dialect: string }> = [];
  for (const fault of faults) {
    if (!fault.breaks.includes(requirement.id)) continue;
    for (const result of runs.get(fault.name)?.checks ?? []) {
      if (!(namedRequirements.get(result.id) ?? []).includes(requirement.id)) continue;
      if (!requirement.dialects.includes(result.dialect)) continue;
      if (!catches(result.status, requirement.level)) continue;
      entries.push({ fault: fault.name, check: result.id, dialect: result.dialect });
    }
  }
  return grouped(entries);
}

/**
 * The proofs of one check: runs in which it failed (or warned, at a SHOULD or MAY level) under a fault
 * that breaks one of the requirements it names. A check with none could pass whatever the target does,
 * as far as the faults show: vacuous until a fault proves otherwise.
 */
export function checkProofs(
  checkId: string,
  matrix: CatchMatrix,
  faults: readonly FaultDefinition[] = faultTable,
): Proof[] {
  const named = namedRequirements.get(checkId) ?? [];
  const runs = runsByFault(matrix);
  const entries: Array<{ fault: string; check: string; dialect: string }> = [];
  for (const fault of faults) {
    if (!fault.breaks.some((id) => named.includes(id))) continue;
    for (const result of runs.get(fault.name)?.checks ?? []) {
      if (result.id !== checkId || !catches(result.status, result.level)) continue;
      entries.push({ fault: fault.name, check: checkId, dialect: result.dialect });
    }
  }
  return grouped(entries);
}

/** Every requirement id with its proofs, and every check id of the catalogues with its proofs. */
export interface ProofTable {
  requirements: ReadonlyMap<string, Proof[]>;
  checks: ReadonlyMap<string, Proof[]>;
}

export function proveAll(matrix: CatchMatrix, faults: readonly FaultDefinition[] = faultTable): ProofTable {
  return {
    requirements: new Map(
      loadRequirements().map((requirement) => [
        requirement.id,
        requirementProofs(requirement, matrix, faults),
      ]),
    ),
    checks: new Map([...namedRequirements.keys()].map((id) => [id, checkProofs(id, matrix, faults)])),
  };
}

/** `breaks` entries that name no requirement of spec/requirements.yaml, and faults that break none. */
export function breaksProblems(faults: readonly FaultDefinition[] = faultTable): string[] {
  const known = new Set(loadRequirements().map((requirement) => requirement.id));
  const problems: string[] = [];
  for (const fault of faults) {
    if (fault.breaks.length === 0)
      problems.push(`${fault.name} breaks no requirement; name the ones it breaks`);
    for (const id of fault.breaks)
      if (!known.has(id))
        problems.push(`${fault.name} breaks ${id}, which spec/requirements.yaml does not have`);
    if (new Set(fault.breaks).size !== fault.breaks.length)
      problems.push(`${fault.name} names a requirement twice`);
  }
  return problems;
}
