import { warningTypes, type ItemFile, type Item, type WarningBehavior } from "../state/model.ts";
import { SessionFile, UpdateSession } from "../state/session-records.ts";
import { applyCompletion } from "./completion.ts";
import type { OperationContext } from "./context.ts";
import {
  readArray,
  readBoolean,
  readEnum,
  readId,
  readObject,
  readOptionalInteger,
  readOptionalString,
  readString,
} from "./decode.ts";
import { failure, invalidArgument, notAllowedInCurrentState, notFound } from "./errors.ts";
import { findItem } from "./items.ts";
import { overridable } from "./overridable.ts";
import { requirePrivilege, updateSessionPrivilege } from "./privileges.ts";
import { requireSessionState } from "./session-state.ts";
import { keptUpdateSessionView, updateSessionView } from "./views.ts";

/**
 * The update session service. Each operation is one synchronous function: the state checks and the
 * mutation they guard cannot interleave with another request. Operations and the decisions inside them
 * are named points (overridable) so fault variants can deviate around them (server/deviations/).
 */

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const findUpdateSession = overridable(
  "updateSession:find",
  (context: OperationContext, id: string): UpdateSession => {
    const session = context.store.updateSession(id);
    if (session === undefined) throw notFound("update session", id);
    return session;
  },
);

/** warning_behavior of a create or update spec; undefined when the spec leaves it unset. */
export function readWarningBehavior(value: unknown): WarningBehavior[] | undefined {
  if (value === undefined || value === null) return undefined;
  return readArray(value, "warning_behavior").map((entry, index) => {
    const path = `warning_behavior[${index}]`;
    const behavior = readObject(entry, path);
    return {
      type: readEnum(behavior.type, `${path}.type`, warningTypes),
      ignored: readBoolean(behavior.ignored, `${path}.ignored`),
    };
  });
}

/** A client token, when given, is a UUID. */
export const checkClientToken = overridable(
  "updateSession.create:client-token",
  (_context: OperationContext, clientToken: string | undefined): void => {
    if (clientToken !== undefined && !uuidPattern.test(clientToken)) {
      throw invalidArgument(
        "update_session.client_token",
        `'client_token' must be a UUID, got '${clientToken}'.`,
        clientToken,
      );
    }
  },
);

/** Idempotent create: the same caller repeating a token gets the session that token created. */
export const sessionOfClientToken = overridable(
  "updateSession.create:repeated-token",
  (context: OperationContext, clientToken: string | undefined): string | undefined =>
    clientToken === undefined ? undefined : context.store.sessionIdForClientToken(context.user, clientToken),
);

/** The item a create names: it exists and the caller may update it. */
export const itemToUpdate = overridable(
  "updateSession.create:item",
  (context: OperationContext, itemId: string): Item => {
    const item = findItem(context, itemId);
    requirePrivilege(context, updateSessionPrivilege, itemId);
    return item;
  },
);

/** A subscribed library's items take their content from the publisher, never from an update session. */
export const requireUpdatableLibrary = overridable(
  "updateSession.create:library",
  (context: OperationContext, item: Item): void => {
    if (context.store.libraries.get(item.libraryId)?.type === "SUBSCRIBED") {
      throw failure(
        "invalid_element_type",
        "update_session.subscribed_item",
        `The library item ${item.id} belongs to a subscribed library; its content cannot be updated.`,
        item.id,
      );
    }
  },
);

/** One ACTIVE session per item. */
export const requireItemFree = overridable(
  "updateSession.create:item-free",
  (context: OperationContext, itemId: string): void => {
    const activeId = context.store.activeSessionByItem.get(itemId);
    if (activeId !== undefined && context.store.updateSession(activeId)?.state === "ACTIVE") {
      throw itemBusy(itemId);
    }
  },
);

export function itemBusy(itemId: string): Error {
  return failure(
    "resource_busy",
    "update_session.item_busy",
    `The library item ${itemId} already has an active update session.`,
    itemId,
  );
}

export const createUpdateSession = overridable(
  "updateSession.create",
  (context: OperationContext, specValue: unknown, clientTokenValue: unknown): string => {
    const spec = readObject(specValue, "create_spec");
    const itemId = readId(spec.library_item_id, "library_item_id");
    const warningBehavior = readWarningBehavior(spec.warning_behavior) ?? [];
    const clientToken = readOptionalString(clientTokenValue, "client_token");
    checkClientToken(context, clientToken);
    const existing = sessionOfClientToken(context, clientToken);
    if (existing !== undefined) return existing;
    const item = itemToUpdate(context, itemId);
    requireUpdatableLibrary(context, item);
    requireItemFree(context, itemId);
    const { store } = context;
    const session = new UpdateSession({
      id: store.newUpdateSessionId(),
      owner: context.user,
      itemId,
      itemContentVersion: item.contentVersion,
      state: "ACTIVE",
      clientProgress: 0,
      lastActivityAt: store.now(),
      idleTimeoutMs: store.idleTimeoutForItem(itemId),
      endedAt: undefined,
      errorMessage: undefined,
      warningBehavior,
      files: snapshotFiles(item.files),
      completionRequested: false,
      clientToken,
    });
    store.addUpdateSession(session);
    return session.id;
  },
);

/** The session starts with the item's files as they are: unchanged files have source NONE and are READY. */
function snapshotFiles(files: Map<string, ItemFile>): SessionFile[] {
  const snapshot: SessionFile[] = [];
  for (const file of files.values()) {
    snapshot.push(
      new SessionFile({
        name: file.name,
        sourceType: "NONE",
        status: "READY",
        bytesTransferred: file.size,
        size: file.size,
        declaredSize: undefined,
        declaredChecksum: undefined,
        sourceEndpoint: undefined,
        uploadUri: undefined,
        errorMessage: undefined,
        sha1: file.sha1,
        generation: 0,
      }),
    );
  }
  return snapshot;
}

/** A session's view; the faithful server answers an unchanged session with the view it answered last. */
export const getUpdateSession = overridable(
  "updateSession.get",
  (context: OperationContext, id: string): object => {
    const session = findUpdateSession(context, id);
    return context.overrides.none
      ? keptUpdateSessionView(context, session)
      : updateSessionView(context, session);
  },
);

/** Whether a session shows in the caller's list: it is the caller's own. */
export const listsSession = overridable(
  "updateSession.list:owner",
  (context: OperationContext, session: UpdateSession): boolean => session.owner === context.user,
);

/** Whether a session matches the list's item filter, when there is one. */
export const matchesItemFilter = overridable(
  "updateSession.list:item-filter",
  (_context: OperationContext, session: UpdateSession, itemId: string | undefined): boolean =>
    itemId === undefined || session.itemId === itemId,
);

/** The caller's own sessions, optionally of one item (which must exist). */
export const listUpdateSessions = overridable(
  "updateSession.list",
  (context: OperationContext, itemId: string | undefined): string[] => {
    if (itemId !== undefined) {
      findItem(context, itemId);
      requirePrivilege(context, updateSessionPrivilege, itemId);
    }
    return context.store
      .allUpdateSessions()
      .filter((session) => listsSession(context, session) && matchesItemFilter(context, session, itemId))
      .map((session) => session.id);
  },
);

/** Changes warning_behavior only; every other member of the spec is documented as not used. */
export const updateUpdateSession = overridable(
  "updateSession.update",
  (context: OperationContext, id: string, specValue: unknown): void => {
    const spec = readObject(specValue, "update_spec");
    const warningBehavior = readWarningBehavior(spec.warning_behavior);
    const session = findUpdateSession(context, id);
    requireSessionState(context, session, "updateSession.update");
    if (warningBehavior !== undefined) session.warningBehavior = warningBehavior;
    context.store.touch(session);
  },
);

export const deleteUpdateSession = overridable(
  "updateSession.delete",
  (context: OperationContext, id: string): void => {
    const session = findUpdateSession(context, id);
    if (session.state === "ACTIVE") {
      throw notAllowedInCurrentState(
        "update_session.delete_active",
        `Cannot delete the update session ${id} while it is ACTIVE: complete, cancel or fail it first.`,
        id,
      );
    }
    context.store.removeUpdateSession(session);
  },
);

/** Complete is refused while a file the client uploads is not fully received, or any file failed. */
export const requireFilesReceived = overridable(
  "updateSession.complete:files-received",
  (_context: OperationContext, session: UpdateSession): void => {
    const notReceived = [...session.files.values()]
      .filter((file) => (file.sourceType === "PULL" ? file.status === "ERROR" : file.status !== "READY"))
      .map((file) => file.name);
    if (notReceived.length > 0) {
      throw notAllowedInCurrentState(
        "update_session.files_not_received",
        `Cannot complete the update session ${session.id}: these files were not received correctly: ${notReceived.join(", ")}. Run file validate for details.`,
        session.id,
        notReceived.join(","),
      );
    }
  },
);

/** Whether a completion must wait for the server's own (PULL) transfers to settle. */
export const completionWaits = overridable(
  "updateSession.complete:waits",
  (_context: OperationContext, session: UpdateSession): boolean =>
    [...session.files.values()].some((file) => file.status !== "READY"),
);

/** The session's files become the item's and the session is DONE. */
export const completeNow = overridable(
  "updateSession.complete:apply",
  (context: OperationContext, session: UpdateSession): void => applyCompletion(context, session),
);

/**
 * Completes a session. PUSH content is applied before the call returns; with PULL transfers still running
 * the call returns at once and the session completes when they settle (documented: "the call may return
 * before the changes become visible").
 */
export const completeUpdateSession = overridable(
  "updateSession.complete",
  (context: OperationContext, id: string): void => {
    const session = findUpdateSession(context, id);
    requireSessionState(context, session, "updateSession.complete");
    requireFilesReceived(context, session);
    if (completionWaits(context, session)) {
      session.completionRequested = true;
      context.store.touch(session);
      return;
    }
    completeNow(context, session);
  },
);

/** Cancel discards what was received: the item is untouched and running transfers notice and stop. */
export const cancelUpdateSession = overridable(
  "updateSession.cancel",
  (context: OperationContext, id: string): void => {
    const session = findUpdateSession(context, id);
    requireSessionState(context, session, "updateSession.cancel");
    context.store.endSession(session, "CANCELED", context.store.now());
  },
);

export const failUpdateSession = overridable(
  "updateSession.fail",
  (context: OperationContext, id: string, messageValue: unknown): void => {
    const message = readString(messageValue, "client_error_message");
    const session = findUpdateSession(context, id);
    requireSessionState(context, session, "updateSession.fail");
    context.store.endSession(session, "ERROR", context.store.now(), {
      id: "usc.reference.update_session.client_error",
      default_message: message,
      args: [message],
    });
  },
);

/** client_progress is a percentage. */
export const checkProgress = overridable(
  "updateSession.keepAlive:progress-range",
  (_context: OperationContext, progress: number | undefined): void => {
    if (progress !== undefined && (progress < 0 || progress > 100)) {
      throw invalidArgument(
        "update_session.client_progress",
        `'client_progress' must be between 0 and 100, got ${progress}.`,
        String(progress),
      );
    }
  },
);

/** Extends the session's life; a higher client_progress is recorded, a lower one never replaces the current. */
export const keepAliveUpdateSession = overridable(
  "updateSession.keepAlive",
  (context: OperationContext, id: string, progressValue: unknown): void => {
    const progress = readOptionalInteger(progressValue, "client_progress");
    checkProgress(context, progress);
    const session = findUpdateSession(context, id);
    requireSessionState(context, session, "updateSession.keepAlive");
    context.store.touch(session);
    if (progress !== undefined && progress > session.clientProgress) session.clientProgress = progress;
  },
);
