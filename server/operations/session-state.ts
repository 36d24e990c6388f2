import type { UpdateSession } from "../state/session-records.ts";
import type { OperationContext } from "./context.ts";
import { failureWithParams, notAllowedInCurrentState } from "./errors.ts";
import { overridable } from "./overridable.ts";

/**
 * The state an operation (by its canonical name, the spec's operationId) needs its session in. `open` operations change what the session will write, so a
 * session that is completing (complete was called, PULL transfers still running) refuses them too.
 */
const guards = {
  "updateSession.update": { verb: "update", open: true },
  "updateSession.complete": { verb: "complete", open: true },
  "updateSession.file.add": { verb: "add files to", open: true },
  "updateSession.cancel": { verb: "cancel", open: false },
  "updateSession.fail": { verb: "fail", open: false },
  "updateSession.keepAlive": { verb: "keep alive", open: false },
  "updateSession.file.validate": { verb: "validate the files of", open: false },
} as const;

export type GuardedOperation = keyof typeof guards;

export function requireActive(session: UpdateSession, operation: string): void {
  if (session.state === "ACTIVE") return;
  if (session.endedAt === undefined) {
    throw notAllowedInCurrentState(
      "update_session.not_active",
      `Cannot ${operation} the update session ${session.id}: it is ${session.state}, not ACTIVE.`,
      session.id,
      session.state,
    );
  }
  // Named arguments, one of them a date-time: the message says since when the session has been ended.
  const endedAt = new Date(session.endedAt).toISOString();
  throw failureWithParams(
    "not_allowed_in_current_state",
    "update_session.ended",
    `Cannot ${operation} the update session ${session.id}: it is ${session.state} since ${endedAt}, not ACTIVE.`,
    {
      session: { s: session.id },
      state: { s: session.state },
      ended_at: { dt: endedAt, format: "SHORT_DATE_TIME" },
    },
  );
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
  "updateSession:state-guard",
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
