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

/**
 * One class of the library from the module that defines it, without the library's index and its 846
 * modules. The path is the library's own layout rather than its documented entry, so should a release move
 * it, the whole library is loaded instead.
 */
async function loadOne<K extends "PactV4" | "Verifier">(module: string, name: K): Promise<PactModule[K]> {
  disablePactTracking();
  try {
    const found = ((await import(module)) as Partial<Pick<PactModule, K>>)[name];
    if (typeof found === "function") return found as PactModule[K];
  } catch {
    // Moved or renamed in this release of the library: the documented entry has it.
  }
  return (await loadPact())[name];
}

/**
 * PactV4 alone, for `usc pact export`: its module (the library's index re-exports it, `export * from
 * "./v4"`) and what it imports are 645 of the 846 modules (the V2 and V3 DSLs, Apollo GraphQL and the
 * verifier stay unloaded), about 0.2 CPU-seconds less per export.
 */
export function loadPactV4(): Promise<PactModule["PactV4"]> {
  return loadOne("@pact-foundation/pact/src/v4/index.js", "PactV4");
}

/**
 * Pact's provider verifier alone, for `usc pact verify`: its module (re-exported by the index, `export *
 * from "./dsl/verifier"`) and what it imports are 262 of the 846 modules (the consumer DSLs, GraphQL and
 * the matchers stay unloaded), about 0.2 CPU-seconds less per verification process.
 */
export function loadVerifier(): Promise<PactModule["Verifier"]> {
  return loadOne("@pact-foundation/pact/src/dsl/verifier/index.js", "Verifier");
}
