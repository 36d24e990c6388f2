/**
 * A pact verification in the results model, so `usc pact verify --report-dir` writes the junit.xml,
 * results.json, report.md and report.html a `usc run` writes, and the same CI steps publish either.
 * One result per interaction, under the suite `pact`: passed -> pass; failed -> fail (MUST); a pending
 * interaction (an optional form) that failed -> warn (MAY); an interaction that could not be verified
 * (its state could not be built, no response) -> blocked with the reason.
 */
import type { Dialect } from "../../spec/index.ts";
import { packageVersion } from "../config/version.ts";
import type { RunDialect } from "../config/index.ts";
import type { VerifyOutcome } from "../pact/verify.ts";
import type { InteractionVerdict } from "../pact/verify-report.ts";
import type { CheckResult, CheckStatus, RunResult } from "../results/model.ts";
import { specHash } from "../run/spec-hash.ts";

const statusOf: Record<InteractionVerdict["status"], CheckStatus> = {
  passed: "pass",
  failed: "fail",
  "pending-failed": "warn",
  unverified: "blocked",
};

function resultOf(verdict: InteractionVerdict, dialect: Dialect, source: string): CheckResult {
  const status = statusOf[verdict.status];
  const message =
    status === "pass"
      ? "the provider answered as the pact says"
      : status === "blocked"
        ? (verdict.reason ?? "the interaction could not be verified")
        : verdict.mismatches.join("; ") || "the provider did not answer as the pact says";
  return {
    id: "pact.interaction",
    suite: "pact",
    dialect,
    level: verdict.status === "pending-failed" ? "MAY" : "MUST",
    requirements: [],
    title: verdict.description,
    subject: verdict.description,
    status,
    message,
    expected:
      status === "fail" || status === "warn" ? `the response the pact ${source} describes` : undefined,
    actual: verdict.mismatches.length > 0 ? verdict.mismatches.join("\n") : undefined,
    quote: undefined,
    transcript: [],
    curl: undefined,
    durationMs: 0,
  };
}

export function pactRunResult(
  outcome: VerifyOutcome,
  facts: { dialect: RunDialect; embedded: boolean; startedAt: string; finishedAt: string },
): RunResult {
  const checks = outcome.verifications.flatMap((verification) =>
    verification.verdicts.map((verdict) =>
      // A broker's pact names no dialect file; our pacts' consumers carry it, and api is the default.
      resultOf(verdict, verification.dialect ?? "api", verification.source),
    ),
  );
  return {
    runId: outcome.runId,
    target: outcome.target,
    embeddedTarget: facts.embedded,
    dialects: [...new Set(checks.map((check) => check.dialect))],
    suiteVersion: packageVersion(),
    specHash: specHash(),
    failOn: "must",
    startedAt: facts.startedAt,
    finishedAt: facts.finishedAt,
    checks,
    runErrors: outcome.problems,
    startFailure: outcome.fatal,
    interrupted: false,
    selection: { grep: undefined, dialect: facts.dialect, notConfigured: [] },
  };
}
