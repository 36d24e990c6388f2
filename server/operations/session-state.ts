import type { UpdateSession } from "../state/model.ts";
import type { OperationContext } from "./context.ts";
import { notAllowedInCurrentState } from "./errors.ts";
import { overridable } from "./overridable.ts";

/**
 * The state an operation needs its session in. `open` operations change what the session will write, so a
 * session that is completing (complete was called, PULL transfers still running) refuses them too.
 */
const guards = {
  update: { verb: "update", open: true },
  complete: { verb: "complete", open: true },
  "file-add": { verb: "add files to", open: true },
  cancel: { verb: "cancel", open: false },
  fail: { verb: "fail", open: false },
  "keep-alive": { verb: "keep alive", open: false },
  validate: { verb: "validate the files of", open: false },
} as const;

export type GuardedOperation = keyof typeof guards;

export function requireActive(session: UpdateSession, operation: string): void {
  if (session.state !== "ACTIVE") {
    throw notAllowedInCurrentState(
      "update_session.not_active",
      `Cannot ${operation} the update session ${session.id}: it is ${session.state}, not ACTIVE.`,
      session.id,
      session.state,
    );
  }
}

/** ACTIVE and not already completing: the condition for changing what the session will write. */
export function requireOpen(session: UpdateSession, operation: string): void {
  requireActive(session, operation);
  if (session.completionRequested) {
    throw notAllowedInCurrentState(
      "update_session.completing",
      `Cannot ${operation} the update session ${session.id}: complete was called and it is finishing its transfers.`,
      session.id,
    );
  }
}

/** Refuses the operation with not_allowed_in_current_state unless the session is in the state it needs. */
export const requireSessionState = overridable(
  "update-session.state",
  (_context: OperationContext, session: UpdateSession, operation: GuardedOperation): void => {
    const { verb, open } = guards[operation];
    if (open) requireOpen(session, verb);
    else requireActive(session, verb);
  },
);

/** The verb a refusal of the operation names ("Cannot keep alive the update session ..."). */
export function verbOf(operation: GuardedOperation): string {
  return guards[operation].verb;
}
