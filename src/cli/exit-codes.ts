/** Process exit codes shared by every usc command. */
export const ExitCode = {
  /** No failure at the chosen level. */
  ok: 0,
  /** The target broke the contract. */
  conformanceFailure: 1,
  /** Bad usage, unreachable target, or a harness error: never blamed on the target. */
  usageOrHarnessError: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
