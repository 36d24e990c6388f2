import { logout } from "../operations/auth.ts";
import type { OperationContext } from "../operations/context.ts";
import { readObject, readOptionalInteger, readString } from "../operations/decode.ts";
import {
  failure,
  invalidArgument,
  notAllowedInCurrentState,
  notFound,
  OperationError,
} from "../operations/errors.ts";
import {
  requireActive,
  requireSessionState,
  verbOf,
  type GuardedOperation,
} from "../operations/session-state.ts";
import {
  cancelUpdateSession,
  checkClientToken,
  checkProgress,
  completeNow,
  completeUpdateSession,
  completionWaits,
  createUpdateSession,
  deleteUpdateSession,
  failUpdateSession,
  findUpdateSession,
  getUpdateSession,
  itemBusy,
  itemToUpdate,
  keepAliveUpdateSession,
  listsSession,
  listUpdateSessions,
  matchesItemFilter,
  readWarningBehavior,
  requireFilesReceived,
  requireItemFree,
  requireUpdatableLibrary,
  sessionOfClientToken,
  updateUpdateSession,
} from "../operations/update-sessions.ts";
import { writeSessionFiles } from "../operations/completion.ts";
import { warningTypes, type WarningType } from "../state/model.ts";
import { type UpdateSession } from "../state/session-records.ts";
import { after, around, before, instead, type Hook } from "./hooks.ts";

/** The overrides of the update session faults: create, get, list, update, delete and the state changes. */

type SessionOperation = typeof completeUpdateSession | typeof cancelUpdateSession;
type EndedState = Exclude<UpdateSession["state"], "ACTIVE">;

/** The `*-outside-active` faults: the operation skips its state check. */
function withoutStateCheck(operation: GuardedOperation): Hook {
  return around(requireSessionState, (next, context, session, guarded) =>
    guarded === operation ? undefined : next(context, session, guarded),
  );
}

/** The complete/cancel/fail `*-outside-active` faults: on a session that is not ACTIVE the call does nothing. */
function succeedsOutsideActive(operation: SessionOperation): Hook {
  return around(operation, (next, context, id) =>
    findUpdateSession(context, id).state === "ACTIVE" ? next(context, id) : undefined,
  );
}

/** The `*-ends-any-state` faults: a session that is not ACTIVE is moved to the operation's end state. */
function endsAnyState(operation: SessionOperation, state: EndedState): Hook {
  return around(operation, (next, context, id) => {
    const session = findUpdateSession(context, id);
    if (session.state === "ACTIVE") return next(context, id);
    context.store.endSession(session, state, context.store.now());
  });
}

/**
 * The `*-refusal-*` faults: a mock that changes the session before it checks the state, so the call is
 * refused as documented but the ended session has moved anyway. A session that is ACTIVE is left alone.
 */
function refuseAfterChanging(session: UpdateSession, operation: GuardedOperation, change: () => void): void {
  try {
    requireActive(session, verbOf(operation));
  } catch (refusal) {
    change();
    throw refusal;
  }
}

function refusalEnds(operation: SessionOperation, guarded: GuardedOperation, state: EndedState): Hook {
  return before(operation, (context, id) => {
    const session = findUpdateSession(context, id);
    refuseAfterChanging(session, guarded, () =>
      context.store.endSession(session, state, context.store.now()),
    );
  });
}

/** The keep-alive reopening faults: an ended session is made ACTIVE again, its idle timer started over. */
function reopen(context: OperationContext, session: UpdateSession): void {
  session.state = "ACTIVE";
  session.endedAt = undefined;
  session.lastActivityAt = context.store.now();
}

/** The session a keep-alive names, after its client_progress was read and checked, as the operation does. */
function keptAlive(context: OperationContext, id: string, progressValue: unknown): UpdateSession {
  checkProgress(context, readOptionalInteger(progressValue, "client_progress"));
  return findUpdateSession(context, id);
}

function specMembers(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The update-applies-other-members fault: a naive merge of the whole spec onto the session. */
function copyOtherMembers(session: UpdateSession, spec: Record<string, unknown>): void {
  if (typeof spec.library_item_id === "string") session.itemId = spec.library_item_id;
  if (spec.state === "DONE" || spec.state === "CANCELED" || spec.state === "ERROR")
    session.state = spec.state;
  if (typeof spec.client_progress === "number") session.clientProgress = spec.client_progress;
}

/** An ending that does not release the item: a session of the item that ended in `state` keeps it busy. */
function itemBusyAfter(state: "CANCELED" | "ERROR"): Hook {
  return before(requireItemFree, (context, itemId) => {
    const sessions = context.store.allUpdateSessions();
    if (sessions.some((other) => other.itemId === itemId && other.state === state)) throw itemBusy(itemId);
  });
}

export const sessionLifecycleHooks = {
  "sessions-owner-only": after(findUpdateSession, (session, context, id) => {
    if (session.owner !== context.user) throw notFound("update session", id);
    return session;
  }),

  "create-missing-item-404": before(createUpdateSession, (_context, specValue) => {
    if (readObject(specValue, "create_spec").library_item_id === undefined)
      throw notFound("library item", "");
  }),
  "create-drops-warning-behavior": around(createUpdateSession, (next, context, specValue, token) => {
    const spec = specMembers(specValue);
    return next(context, spec === undefined ? specValue : { ...spec, warning_behavior: undefined }, token);
  }),
  "client-token-required": before(checkClientToken, (_context, clientToken) => {
    if (clientToken === undefined)
      throw invalidArgument("update_session.client_token", "'client_token' is required.");
  }),
  "client-token-unchecked": instead(checkClientToken, () => undefined),
  "client-token-ignored": instead(sessionOfClientToken, () => undefined),
  "create-unknown-item-500": before(itemToUpdate, (context, itemId) => {
    if (!context.store.items.has(itemId))
      throw failure("internal_server_error", "internal", `Lookup of library item ${itemId} failed.`, itemId);
  }),
  "create-subscribed-allowed": instead(requireUpdatableLibrary, () => undefined),
  "item-busy-after-cancel": itemBusyAfter("CANCELED"),
  "second-active-session": instead(requireItemFree, () => undefined),
  "create-copies-progress": around(createUpdateSession, (next, context, specValue, token) => {
    const spec = specMembers(specValue);
    const progress = spec && (readOptionalInteger(spec.client_progress, "client_progress") ?? 0);
    const existing = new Set(context.store.allUpdateSessions().map((session) => session.id));
    const id = next(context, specValue, token);
    const created = context.store.updateSession(id);
    if (!existing.has(id) && created !== undefined && progress !== undefined)
      created.clientProgress = progress;
    return id;
  }),

  "get-ended-404": before(getUpdateSession, (context, id) => {
    const { state } = findUpdateSession(context, id);
    if (state === "DONE" || state === "CANCELED") throw notFound("update session", id);
  }),
  "list-unknown-item-empty": around(listUpdateSessions, (next, context, itemId) =>
    itemId !== undefined && !context.store.items.has(itemId) ? [] : next(context, itemId),
  ),
  "list-other-users": instead(listsSession, () => true),
  "list-only-ended": after(listUpdateSessions, (ids, context) => {
    const active = new Set(
      context.store
        .allUpdateSessions()
        .filter((session) => session.state === "ACTIVE")
        .map((session) => session.id),
    );
    return ids.filter((id) => !active.has(id));
  }),
  "list-ignores-filter": instead(matchesItemFilter, () => true),

  "update-unknown-warning-type": around(updateUpdateSession, (next, context, id, specValue) => {
    const spec = specMembers(specValue);
    const entries = spec?.warning_behavior;
    if (spec === undefined || !Array.isArray(entries)) return next(context, id, specValue);
    const known = entries.filter((entry) =>
      warningTypes.includes((entry as { type?: unknown } | null)?.type as WarningType),
    );
    return next(context, id, { ...spec, warning_behavior: known });
  }),
  "update-refusal-applies": before(updateUpdateSession, (context, id, specValue) => {
    const warningBehavior = readWarningBehavior(readObject(specValue, "update_spec").warning_behavior);
    const session = findUpdateSession(context, id);
    if (warningBehavior !== undefined)
      refuseAfterChanging(session, "updateSession.update", () => (session.warningBehavior = warningBehavior));
  }),
  "update-outside-active": withoutStateCheck("updateSession.update"),
  "update-ignored": instead(updateUpdateSession, (context, id, specValue) => {
    readWarningBehavior(readObject(specValue, "update_spec").warning_behavior);
    const session = findUpdateSession(context, id);
    requireSessionState(context, session, "updateSession.update");
    context.store.touch(session);
  }),
  "update-unset-clears": after(updateUpdateSession, (_result, context, id, specValue) => {
    const spec = readObject(specValue, "update_spec");
    if (spec.warning_behavior === undefined || spec.warning_behavior === null)
      findUpdateSession(context, id).warningBehavior = [];
  }),
  "update-refuses-unused-after-applying": after(updateUpdateSession, (_result, _context, _id, specValue) => {
    const unused = Object.keys(readObject(specValue, "update_spec")).filter(
      (member) => member !== "warning_behavior",
    );
    if (unused.length > 0)
      throw invalidArgument(
        "update_session.update_spec",
        `Unexpected members ${unused.join(", ")}.`,
        ...unused,
      );
  }),
  "update-applies-other-members": around(updateUpdateSession, (next, context, id, specValue) => {
    const session = findUpdateSession(context, id);
    const lastActivityAt = session.lastActivityAt;
    next(context, id, specValue);
    // The merge happens before the session is touched, so a state it writes is what touch sees.
    session.lastActivityAt = lastActivityAt;
    copyOtherMembers(session, readObject(specValue, "update_spec"));
    context.store.touch(session);
  }),

  "delete-done-refused": before(deleteUpdateSession, (context, id) => {
    if (findUpdateSession(context, id).state === "DONE") {
      throw notAllowedInCurrentState(
        "update_session.delete_done",
        `Cannot delete the update session ${id}: it is DONE.`,
        id,
      );
    }
  }),
  "delete-active": around(deleteUpdateSession, (next, context, id) => {
    const session = findUpdateSession(context, id);
    if (session.state !== "ACTIVE") return next(context, id);
    context.store.removeUpdateSession(session);
  }),

  "complete-outside-active": succeedsOutsideActive(completeUpdateSession),
  "complete-ends-any-state": endsAnyState(completeUpdateSession, "DONE"),
  "complete-refusal-ends-session": refusalEnds(completeUpdateSession, "updateSession.complete", "DONE"),
  "complete-with-missing": instead(requireFilesReceived, () => undefined),
  "complete-ignores-pending-pull": instead(completionWaits, () => false),
  "complete-stays-active": instead(completeNow, (context, session) => context.store.touch(session)),

  "cancel-outside-active": succeedsOutsideActive(cancelUpdateSession),
  "cancel-ends-any-state": endsAnyState(cancelUpdateSession, "CANCELED"),
  "cancel-refusal-ends-session": refusalEnds(cancelUpdateSession, "updateSession.cancel", "CANCELED"),
  "cancel-keeps-content": before(cancelUpdateSession, (context, id) => {
    const session = findUpdateSession(context, id);
    if (session.state === "ACTIVE") writeSessionFiles(context, session);
  }),
  "cancel-to-error": after(cancelUpdateSession, (_result, context, id) => {
    const session = findUpdateSession(context, id);
    if (session.state === "CANCELED") session.state = "ERROR";
  }),

  "fail-outside-active": around(failUpdateSession, (next, context, id, message) => {
    readString(message, "client_error_message");
    return findUpdateSession(context, id).state === "ACTIVE" ? next(context, id, message) : undefined;
  }),
  "fail-ends-any-state": around(failUpdateSession, (next, context, id, message) => {
    readString(message, "client_error_message");
    const session = findUpdateSession(context, id);
    if (session.state === "ACTIVE") return next(context, id, message);
    context.store.endSession(session, "ERROR", context.store.now());
  }),
  "fail-refusal-ends-session": before(failUpdateSession, (context, id, message) => {
    readString(message, "client_error_message");
    const session = findUpdateSession(context, id);
    refuseAfterChanging(session, "updateSession.fail", () =>
      context.store.endSession(session, "ERROR", context.store.now()),
    );
  }),
  "fail-to-canceled": after(failUpdateSession, (_result, context, id) => {
    const session = findUpdateSession(context, id);
    if (session.state === "ERROR") session.state = "CANCELED";
  }),
  "fail-drops-message": after(failUpdateSession, (_result, context, id) => {
    findUpdateSession(context, id).errorMessage = {
      id: "usc.reference.update_session.client_error",
      default_message: "The client failed the update session.",
      args: [],
    };
  }),

  "progress-above-max-stored": around(checkProgress, (next, context, progress) =>
    progress !== undefined && progress > 100 ? undefined : next(context, progress),
  ),
  "keep-alive-reopens": before(keepAliveUpdateSession, (context, id, progressValue) => {
    const session = keptAlive(context, id, progressValue);
    if (session.state !== "ACTIVE") reopen(context, session);
  }),
  "keep-alive-refusal-reopens": before(keepAliveUpdateSession, (context, id, progressValue) => {
    const session = keptAlive(context, id, progressValue);
    refuseAfterChanging(session, "updateSession.keepAlive", () => reopen(context, session));
  }),
  "keep-alive-outside-active": withoutStateCheck("updateSession.keepAlive"),
  "keep-alive-no-extend": around(keepAliveUpdateSession, (next, context, id, progressValue) => {
    const session = context.store.updateSession(id);
    const lastActivityAt = session?.lastActivityAt;
    next(context, id, progressValue);
    if (session !== undefined && lastActivityAt !== undefined) session.lastActivityAt = lastActivityAt;
  }),
  "keep-alive-resets-progress": after(keepAliveUpdateSession, (_result, context, id, progressValue) => {
    if (readOptionalInteger(progressValue, "client_progress") === undefined)
      findUpdateSession(context, id).clientProgress = 0;
  }),
  "keep-alive-lowers-progress": after(keepAliveUpdateSession, (_result, context, id, progressValue) => {
    const progress = readOptionalInteger(progressValue, "client_progress");
    if (progress !== undefined) findUpdateSession(context, id).clientProgress = progress;
  }),
  "keep-alive-progress-ignored": around(keepAliveUpdateSession, (next, context, id, progressValue) => {
    const session = context.store.updateSession(id);
    const progress = session?.clientProgress;
    next(context, id, progressValue);
    if (session !== undefined && progress !== undefined) session.clientProgress = progress;
  }),

  "progress-above-max-wrong-error": before(checkProgress, (_context, progress) => {
    if (progress !== undefined && progress > 100)
      throw notAllowedInCurrentState(
        "update_session.progress_complete",
        `The progress ${progress} is past complete.`,
        String(progress),
      );
  }),
  "delete-ended-refused": before(deleteUpdateSession, (context, id) => {
    const { state } = findUpdateSession(context, id);
    if (state === "CANCELED" || state === "ERROR")
      throw notAllowedInCurrentState(
        "update_session.delete_ended",
        `Cannot delete the update session ${id}: it is ${state}.`,
        id,
      );
  }),
  "active-delete-drops-files": around(deleteUpdateSession, (next, context, id) => {
    const session = findUpdateSession(context, id);
    if (session.state === "ACTIVE")
      for (const [name, file] of session.files) if (file.sourceType !== "NONE") session.files.delete(name);
    next(context, id);
  }),
  "fail-without-error-message": after(failUpdateSession, (result, context, id) => {
    findUpdateSession(context, id).errorMessage = undefined;
    return result;
  }),
  "ended-refusal-rewrites-message": around(requireSessionState, (next, context, session, operation) => {
    try {
      next(context, session, operation);
    } catch (error) {
      if (session.state === "ERROR" && error instanceof OperationError)
        session.errorMessage = error.messages[0];
      throw error;
    }
  }),
  "create-other-resource-500": before(createUpdateSession, (context, specValue) => {
    const id = (specValue as { library_item_id?: unknown } | null)?.library_item_id;
    if (typeof id !== "string") return;
    if (context.store.libraries.has(id) || context.store.updateSession(id) !== undefined)
      throw failure(
        "internal_server_error",
        "update_session.item_lookup",
        `No item could be read for ${id}.`,
        id,
      );
  }),
  "logout-keeps-token": instead(logout, () => undefined),
  "create-returns-item-id": after(
    createUpdateSession,
    (id, context) => context.store.updateSession(id)?.itemId ?? id,
  ),
  // The refusal of an ACTIVE session stays; an ended one is answered as deleted and kept.
  "delete-keeps-session": around(deleteUpdateSession, (next, context, id) =>
    findUpdateSession(context, id).state === "ACTIVE" ? next(context, id) : undefined,
  ),

  // Issue 16, second pass: fail forgets to release the item, as item-busy-after-cancel does for cancel.
  "item-busy-after-fail": itemBusyAfter("ERROR"),
} as const;
