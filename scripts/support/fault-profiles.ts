import type { FaultName } from "../../server/index.ts";

/**
 * Composite fault profiles: sets of faults (server/faults.ts) a sloppy implementation typically has
 * together. The catch matrix runs each against every suite (scripts/catch-matrix.ts, docs/catch-matrix.md)
 * and test/composite-profiles.test.ts holds what must stay true of those runs: the run fails, no check
 * errs, no run error, every declared catcher of every fault still fails, and exactly the checks listed
 * below are `blocked`, each for the reason given (a value the target really did not produce).
 */

/** Why a check cannot reach a verdict against a profile's target. */
export interface BlockedReason {
  /** The value the check needs and the target did not produce; its `blocked` message must name it. */
  needs: string;
  /** Which fault takes it away, and why the check cannot do without it. */
  why: string;
}

export interface FaultProfile {
  name: string;
  /** One line: the kind of implementation the profile stands for. */
  description: string;
  faults: readonly FaultName[];
  /**
   * The checks the run must report `blocked`, as `<check id> [<dialect>]`, each with its reason. Anything
   * else blocked is a check blocked by the suite's own bookkeeping or by another check's outcome.
   */
  blocked: Readonly<Record<string, BlockedReason>>;
  /** Set when what the run shows is expected to change with work not yet merged: names that work. */
  dependsOn?: string;
}

/**
 * Every operation accepted in any state, and the state changed by it. The `*-outside-active` faults of
 * complete, cancel, fail and keep_alive answer success and change nothing: they contradict the state-moving
 * ones, so they stay out (together, the server's branch order would decide which one a run sees).
 */
const anyState = [
  "complete-ends-any-state",
  "cancel-ends-any-state",
  "fail-ends-any-state",
  "keep-alive-reopens",
  "update-outside-active",
  "file-add-outside-active",
  "validate-outside-active",
  "delete-active",
  "preview-outside-active",
] as const satisfies readonly FaultName[];

/** Errors without the documented body: plain-text 404s, empty 401s, error types without messages. */
const sloppyErrors = [
  "not-found-plain-text",
  "unauthenticated-empty-body",
  "errors-without-messages",
] as const satisfies readonly FaultName[];

/**
 * Members the documents make always present, left out of results. upload_endpoint is one too, but without
 * it nothing can be uploaded, and every check that uploads is rightly blocked: in the `all` profile that
 * would hide what those checks say about the other faults, so file-add-no-upload-endpoint stays a fault of
 * its own.
 */
const omittedMembers = [
  "expiration-missing",
  "progress-missing",
  "file-add-no-bytes-transferred",
] as const satisfies readonly FaultName[];

const restUnwrapped = ["rest-unwrapped"] as const satisfies readonly FaultName[];

/** The checks an update session without expiration_time or client_progress leaves without a verdict. */
function omittedMembersBlocked(): Record<string, BlockedReason> {
  const noExpiration = (check: string): BlockedReason => ({
    needs: "expiration_time",
    why:
      check === "lower-bound"
        ? "expiration-missing: with no expiration_time there is no instant to send a get just before"
        : "expiration-missing: with no expiration_time there is nothing to see keep_alive extend",
  });
  const noProgress: BlockedReason = {
    needs: "client_progress",
    why: "progress-missing: with no client_progress there is no progress to try to lower",
  };
  return Object.fromEntries(
    (["rest", "api"] as const).flatMap((dialect) => [
      [`expiry.expiration.lower-bound [${dialect}]`, noExpiration("lower-bound")],
      [`expiry.keep-alive.extends [${dialect}]`, noExpiration("extends")],
      [`expiry.progress.not-lowered [${dialect}]`, noProgress],
      [
        `lifecycle.expiration.default-five-minutes [${dialect}]`,
        {
          needs: "expiration_time",
          why: "expiration-missing: with no expiration_time there is no span after create's Date to measure",
        },
      ],
    ]),
  );
}

/** The checks error bodies without messages leave without a verdict. */
function withoutMessagesBlocked(): Record<string, BlockedReason> {
  return Object.fromEntries(
    (["rest", "api"] as const).map((dialect) => [
      `not-found.messages.arguments [${dialect}]`,
      {
        needs: "message",
        why: "errors-without-messages: with no message in the not_found bodies there are no arguments to look at",
      },
    ]),
  );
}

export const faultProfiles: readonly FaultProfile[] = [
  {
    name: "any-state",
    description: "every operation is accepted in any state, and changes the state",
    faults: anyState,
    blocked: {},
  },
  {
    name: "sloppy-errors",
    description: "plain-text 404s, empty 401 bodies, error bodies without messages",
    faults: sloppyErrors,
    blocked: withoutMessagesBlocked(),
  },
  {
    name: "omitted-members",
    description: "always-present members (expiration_time, client_progress, bytes_transferred) left out",
    faults: omittedMembers,
    blocked: omittedMembersBlocked(),
  },
  {
    name: "rest-unwrapped",
    description: 'rest results not wrapped in {"value": ...}',
    faults: restUnwrapped,
    blocked: {},
  },
  {
    name: "all",
    description: "all of the above at once",
    faults: [...anyState, ...sloppyErrors, ...omittedMembers, ...restUnwrapped],
    blocked: { ...omittedMembersBlocked(), ...withoutMessagesBlocked() },
  },
];
