import type * as Pact from "@pact-foundation/pact";

/**
 * The one place the pact library is loaded. Its native core sends usage metrics to a public endpoint unless
 * PACT_DO_NOT_TRACK is set, so it is set before the library is imported, in every process that loads it.
 */
export type PactModule = typeof Pact;

export function disablePactTracking(env: NodeJS.ProcessEnv = process.env): void {
  env["PACT_DO_NOT_TRACK"] = "true";
}

export async function loadPact(): Promise<PactModule> {
  disablePactTracking();
  return import("@pact-foundation/pact");
}

/** The module of PactV4, the consumer DSL: the library's index re-exports it (`export * from "./v4"`). */
const pactV4Module = "@pact-foundation/pact/src/v4/index.js";

/**
 * PactV4 alone, for `usc pact export`: its module and what it imports are 645 of the library's 846 modules
 * (the V2 and V3 DSLs, Apollo GraphQL and the verifier stay unloaded), about 0.2 CPU-seconds less per
 * export. As for the verifier below, should a release move it, the whole library is loaded instead.
 */
export async function loadPactV4(): Promise<PactModule["PactV4"]> {
  disablePactTracking();
  try {
    const { PactV4 } = (await import(pactV4Module)) as Partial<Pick<PactModule, "PactV4">>;
    if (typeof PactV4 === "function") return PactV4;
  } catch {
    // Moved or renamed in this release of the library: the documented entry has it.
  }
  return (await loadPact()).PactV4;
}

/** The module of Pact's provider verifier: the library's index re-exports it (`export * from "./dsl/verifier"`). */
const verifierModule = "@pact-foundation/pact/src/dsl/verifier/index.js";

/**
 * Pact's provider verifier alone, for `usc pact verify`: its module and what it imports are 262 of the
 * library's 846 modules (the consumer DSLs, GraphQL and the matchers stay unloaded), about 0.2 CPU-seconds
 * less per verification process. The path is the library's own layout rather than its documented entry,
 * so should a release move it, the whole library is loaded instead.
 */
export async function loadVerifier(): Promise<PactModule["Verifier"]> {
  disablePactTracking();
  try {
    const { Verifier } = (await import(verifierModule)) as Partial<Pick<PactModule, "Verifier">>;
    if (typeof Verifier === "function") return Verifier;
  } catch {
    // Moved or renamed in this release of the library: the documented entry has it.
  }
  return (await loadPact()).Verifier;
}
