/**
 * The exit code of a verification, apart from the verifier: the `usc pact verify` process decides it from
 * the outcome its worker sends back, without loading what verifying takes (target, client, ledger, HTTP).
 */

/** What of an outcome (src/pact/verify.ts VerifyOutcome) decides its exit code. */
export interface OutcomeVerdicts {
  fatal: string | undefined;
  problems: readonly string[];
  verifications: ReadonlyArray<{ verdicts: ReadonlyArray<{ status: string }> }>;
}

/** 0 every interaction verified; 1 the provider broke the contract; 2 no verdict (usage, target, harness). */
export function verifyExitCode(outcome: OutcomeVerdicts): 0 | 1 | 2 {
  if (outcome.fatal !== undefined) return 2;
  const verdicts = outcome.verifications.flatMap((v) => v.verdicts);
  if (verdicts.some((v) => v.status === "failed")) return 1;
  if (verdicts.some((v) => v.status === "unverified") || outcome.problems.length > 0) return 2;
  return 0;
}
