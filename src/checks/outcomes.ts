import type { Exchange } from "../results/model.ts";

/**
 * How a check body ends other than by passing. Thrown inside a check and caught by runCheck; anything
 * else thrown is a harness error, never blamed on the target.
 */
export class CheckFailed extends Error {
  readonly expected: string;
  readonly actual: string;
  /** The exchange the verdict rests on (for the curl line), when there is one. */
  readonly exchange: Exchange | undefined;
  /** A failure the documents leave room for: reported as a warning whatever the check's level. */
  readonly soft: boolean;
  constructor(
    message: string,
    details: { expected: string; actual: string; exchange?: Exchange; soft?: boolean },
  ) {
    super(message);
    this.expected = details.expected;
    this.actual = details.actual;
    this.exchange = details.exchange;
    this.soft = details.soft ?? false;
  }
}

/** The target validly said the feature is not offered, or configuration excluded the check. */
export class CheckSkipped extends Error {}

/** A prerequisite step failed, so this check's verdict is unknown. */
export class CheckBlocked extends Error {}
