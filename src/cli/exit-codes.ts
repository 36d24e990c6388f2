import type { Verdict } from "../../reporters/index.ts";

/**
 * Process exit codes shared by every usc command, so CI can tell a broken target from a broken run:
 * 0 pass; 1 the target broke the contract; 2 bad usage or configuration; 3 the run could not complete
 * (unreachable target, refused login, interrupted, harness error, checks whose verdict is unknown).
 */
export const ExitCode = {
  /** No failure at the chosen level, and every selected check ran to a verdict. */
  ok: 0,
  /** The target broke the contract. */
  conformanceFailure: 1,
  /** Bad flags, environment or config file, or a selection that selects nothing. */
  usage: 2,
  /** The run could not complete: nothing proves the target wrong, nothing proves it right either. */
  incomplete: 3,
  /**
   * The single code usc used for usage and harness errors alike before codes 2 and 3 were split; kept for
   * the commands that still answer both with 2.
   */
  usageOrHarnessError: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code of a finished run: the verdict decides it, nothing else. */
export function exitCodeFor(verdict: Verdict): ExitCode {
  switch (verdict) {
    case "pass":
      return ExitCode.ok;
    case "fail":
      return ExitCode.conformanceFailure;
    case "incomplete":
      return ExitCode.incomplete;
  }
}
