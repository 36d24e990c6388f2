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
