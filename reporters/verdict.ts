/** The run's pass/fail verdict, shared by the reporters and the CLI's exit code. */
import type { RunResult } from "../src/results/model.ts";

export type Verdict = "pass" | "fail";

/**
 * `fail` when any check failed, or when the run fails on SHOULD and any check warned. Blocked, skipped
 * and errored checks do not decide it: they are not the target's fault (the CLI reports harness errors
 * with its own exit code).
 */
export function verdictOf(run: Pick<RunResult, "checks" | "failOn">): Verdict {
  const failed = run.checks.some(
    (check) => check.status === "fail" || (run.failOn === "should" && check.status === "warn"),
  );
  return failed ? "fail" : "pass";
}
