import type { Faults } from "../faults.ts";
import {
  warningTypes,
  type ItemFile,
  type UpdateSession,
  type WarningBehavior,
  type WarningType,
} from "../state/model.ts";
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
import { failure, failureWithParams, invalidArgument, notAllowedInCurrentState, notFound } from "./errors.ts";
import { findItem } from "./items.ts";
import { requirePrivilege, updateSessionPrivilege } from "./privileges.ts";
import { applyCompletion, writeSessionFiles } from "./completion.ts";
import { updateSessionView } from "./views.ts";

/**
 * The update session service. Each operation is one synchronous function: the state checks and the
 * mutation they guard cannot interleave with another request.
 */

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function findUpdateSession(context: OperationContext, id: string): UpdateSession {
  const session = context.store.updateSession(id);
  if (session === undefined) throw notFound("update session", id);
  if (context.faults.has("sessions-owner-only") && session.owner !== context.user) {
    throw notFound("update session", id);
  }
  return session;
}

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

/** warning_behavior of a create or update spec; undefined when the spec leaves it unset. */
function readWarningBehavior(value: unknown, faults?: Faults): WarningBehavior[] | undefined {
  if (value === undefined || value === null) return undefined;
  const entries = readArray(value, "warning_behavior");
  const known = faults?.has("update-unknown-warning-type")
    ? entries.filter((entry) => warningTypes.includes((entry as { type?: unknown })?.type as WarningType))
    : entries;
  return known.map((entry, index) => {
    const path = `warning_behavior[${index}]`;
    const behavior = readObject(entry, path);
    return {
      type: readEnum(behavior.type, `${path}.type`, warningTypes),
      ignored: readBoolean(behavior.ignored, `${path}.ignored`),
    };
  });
}

export function createUpdateSession(
  context: OperationContext,
  specValue: unknown,
  clientTokenValue: unknown,
): string {
  const spec = readObject(specValue, "create_spec");
  if (context.faults.has("create-missing-item-404") && spec.library_item_id === undefined) {
    throw notFound("library item", "");
  }
  const itemId = readId(spec.library_item_id, "library_item_id");
  const warningBehavior = context.faults.has("create-drops-warning-behavior")
    ? []
    : (readWarningBehavior(spec.warning_behavior) ?? []);
  const clientToken = readOptionalString(clientTokenValue, "client_token");
  if (clientToken === undefined && context.faults.has("client-token-required")) {
    throw invalidArgument("update_session.client_token", "'client_token' is required.");
  }
  if (
    clientToken !== undefined &&
    !uuidPattern.test(clientToken) &&
    !context.faults.has("client-token-unchecked")
  ) {
    throw invalidArgument(
      "update_session.client_token",
      `'client_token' must be a UUID, got '${clientToken}'.`,
      clientToken,
    );
  }
  const { store } = context;
  if (clientToken !== undefined && !context.faults.has("client-token-ignored")) {
    // Idempotent create: the same caller repeating a token gets the session that token created, nothing new.
    const existing = store.sessionIdForClientToken(context.user, clientToken);
    if (existing !== undefined) return existing;
  }
  if (context.faults.has("create-unknown-item-500") && !store.items.has(itemId)) {
    throw failure("internal_server_error", "internal", `Lookup of library item ${itemId} failed.`, itemId);
  }
  const item = findItem(context, itemId);
  requirePrivilege(context, updateSessionPrivilege, itemId);
  if (
    store.libraries.get(item.libraryId)?.type === "SUBSCRIBED" &&
    !context.faults.has("create-subscribed-allowed")
  ) {
    throw failure(
      "invalid_element_type",
      "update_session.subscribed_item",
      `The library item ${itemId} belongs to a subscribed library; its content cannot be updated.`,
      itemId,
    );
  }
  const activeId = store.activeSessionByItem.get(itemId);
  const canceledHolds =
    context.faults.has("item-busy-after-cancel") &&
    store.allUpdateSessions().some((other) => other.itemId === itemId && other.state === "CANCELED");
  if (
    canceledHolds ||
    (activeId !== undefined &&
      store.updateSession(activeId)?.state === "ACTIVE" &&
      !context.faults.has("second-active-session"))
  ) {
    throw failure(
      "resource_busy",
      "update_session.item_busy",
      `The library item ${itemId} already has an active update session.`,
      itemId,
    );
  }
  const now = store.now();
  const session: UpdateSession = {
    id: store.newUpdateSessionId(),
    owner: context.user,
    itemId,
    itemContentVersion: item.contentVersion,
    state: "ACTIVE",
    clientProgress: context.faults.has("create-copies-progress")
      ? (readOptionalInteger(spec.client_progress, "client_progress") ?? 0)
      : 0,
    lastActivityAt: now,
    idleTimeoutMs: store.idleTimeoutForItem(itemId),
    endedAt: undefined,
    errorMessage: undefined,
    warningBehavior,
    files: snapshotFiles(item.files),
    completionRequested: false,
    clientToken,
  };
  store.addUpdateSession(session);
  return session.id;
}

/** The session starts with the item's files as they are: unchanged files have source NONE and are READY. */
function snapshotFiles(files: Map<string, ItemFile>): UpdateSession["files"] {
  const snapshot: UpdateSession["files"] = new Map();
  for (const file of files.values()) {
    snapshot.set(file.name, {
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
    });
  }
  return snapshot;
}

export function getUpdateSession(context: OperationContext, id: string): object {
  const session = findUpdateSession(context, id);
  if (context.faults.has("get-ended-404") && (session.state === "DONE" || session.state === "CANCELED"))
    throw notFound("update session", id);
  return updateSessionView(context.store, session, context.faults);
}

/** The caller's own sessions, optionally of one item (which must exist). */
export function listUpdateSessions(context: OperationContext, itemId: string | undefined): string[] {
  if (itemId !== undefined) {
    if (context.faults.has("list-unknown-item-empty") && !context.store.items.has(itemId)) return [];
    findItem(context, itemId);
    requirePrivilege(context, updateSessionPrivilege, itemId);
  }
  return context.store
    .allUpdateSessions()
    .filter(
      (session) =>
        (session.owner === context.user || context.faults.has("list-other-users")) &&
        !(context.faults.has("list-only-ended") && session.state === "ACTIVE") &&
        (itemId === undefined || session.itemId === itemId || context.faults.has("list-ignores-filter")),
    )
    .map((session) => session.id);
}

/** Changes warning_behavior only; every other member of the spec is documented as not used. */
export function updateUpdateSession(context: OperationContext, id: string, specValue: unknown): void {
  const spec = readObject(specValue, "update_spec");
  const warningBehavior = readWarningBehavior(spec.warning_behavior, context.faults);
  const session = findUpdateSession(context, id);
  if (context.faults.has("update-refusal-applies") && warningBehavior !== undefined)
    refuseAfterChanging(session, "update", () => (session.warningBehavior = warningBehavior));
  if (!context.faults.has("update-outside-active")) requireOpen(session, "update");
  if (context.faults.has("update-ignored")) return context.store.touch(session);
  if (warningBehavior !== undefined) session.warningBehavior = warningBehavior;
  else if (context.faults.has("update-unset-clears")) session.warningBehavior = [];
  const unused = Object.keys(spec).filter((member) => member !== "warning_behavior");
  if (context.faults.has("update-refuses-unused-after-applying") && unused.length > 0) {
    context.store.touch(session);
    throw invalidArgument(
      "update_session.update_spec",
      `Unexpected members ${unused.join(", ")}.`,
      ...unused,
    );
  }
  if (context.faults.has("update-applies-other-members")) copyOtherMembers(session, spec);
  context.store.touch(session);
}

export function deleteUpdateSession(context: OperationContext, id: string): void {
  const session = findUpdateSession(context, id);
  if (session.state === "DONE" && context.faults.has("delete-done-refused")) {
    throw notAllowedInCurrentState(
      "update_session.delete_done",
      `Cannot delete the update session ${id}: it is DONE.`,
      id,
    );
  }
  if (session.state === "ACTIVE" && !context.faults.has("delete-active")) {
    throw notAllowedInCurrentState(
      "update_session.delete_active",
      `Cannot delete the update session ${id} while it is ACTIVE: complete, cancel or fail it first.`,
      id,
    );
  }
  context.store.removeUpdateSession(session);
}

/**
 * Completes a session: refused while a file the client uploads is not fully received (or any file failed).
 * PUSH content is applied before the call returns; with PULL transfers still running the call returns at
 * once and the session completes when they settle (documented: "the call may return before the changes
 * become visible").
 */
export function completeUpdateSession(context: OperationContext, id: string): void {
  const session = findUpdateSession(context, id);
  if (context.faults.has("complete-outside-active") && session.state !== "ACTIVE") return;
  if (context.faults.has("complete-ends-any-state") && session.state !== "ACTIVE")
    return context.store.endSession(session, "DONE", context.store.now());
  if (context.faults.has("complete-refusal-ends-session"))
    refuseAfterChanging(session, "complete", () =>
      context.store.endSession(session, "DONE", context.store.now()),
    );
  requireOpen(session, "complete");
  const files = [...session.files.values()];
  const notReceived = files
    .filter((file) => (file.sourceType === "PULL" ? file.status === "ERROR" : file.status !== "READY"))
    .map((file) => file.name);
  if (notReceived.length > 0 && !context.faults.has("complete-with-missing")) {
    throw notAllowedInCurrentState(
      "update_session.files_not_received",
      `Cannot complete the update session ${id}: these files were not received correctly: ${notReceived.join(", ")}. Run file validate for details.`,
      id,
      notReceived.join(","),
    );
  }
  if (files.some((file) => file.status !== "READY") && !context.faults.has("complete-ignores-pending-pull")) {
    session.completionRequested = true;
    context.store.touch(session);
    return;
  }
  if (context.faults.has("complete-stays-active")) return context.store.touch(session);
  applyCompletion(context.store, session, context.faults);
}

/** Cancel discards what was received: the item is untouched and running transfers notice and stop. */
export function cancelUpdateSession(context: OperationContext, id: string): void {
  const session = findUpdateSession(context, id);
  if (context.faults.has("cancel-outside-active") && session.state !== "ACTIVE") return;
  if (context.faults.has("cancel-ends-any-state") && session.state !== "ACTIVE")
    return context.store.endSession(session, "CANCELED", context.store.now());
  if (context.faults.has("cancel-refusal-ends-session"))
    refuseAfterChanging(session, "cancel", () =>
      context.store.endSession(session, "CANCELED", context.store.now()),
    );
  requireActive(session, "cancel");
  if (context.faults.has("cancel-keeps-content")) writeSessionFiles(context.store, session, context.faults);
  const ended = context.faults.has("cancel-to-error") ? "ERROR" : "CANCELED";
  context.store.endSession(session, ended, context.store.now());
}

export function failUpdateSession(context: OperationContext, id: string, messageValue: unknown): void {
  const message = readString(messageValue, "client_error_message");
  const session = findUpdateSession(context, id);
  if (context.faults.has("fail-outside-active") && session.state !== "ACTIVE") return;
  if (context.faults.has("fail-ends-any-state") && session.state !== "ACTIVE")
    return context.store.endSession(session, "ERROR", context.store.now());
  if (context.faults.has("fail-refusal-ends-session"))
    refuseAfterChanging(session, "fail", () =>
      context.store.endSession(session, "ERROR", context.store.now()),
    );
  requireActive(session, "fail");
  context.store.endSession(
    session,
    context.faults.has("fail-to-canceled") ? "CANCELED" : "ERROR",
    context.store.now(),
    context.faults.has("fail-drops-message")
      ? {
          id: "usc.reference.update_session.client_error",
          default_message: "The client failed the update session.",
          args: [],
        }
      : { id: "usc.reference.update_session.client_error", default_message: message, args: [message] },
  );
}

/** Extends the session's life; a higher client_progress is recorded, a lower one never replaces the current. */
export function keepAliveUpdateSession(context: OperationContext, id: string, progressValue: unknown): void {
  const asked = readOptionalInteger(progressValue, "client_progress");
  const clamp = context.faults.has("progress-above-max-accepted") && asked !== undefined && asked > 100;
  const progress = clamp ? 100 : asked;
  const unchecked = context.faults.has("progress-above-max-stored");
  if (progress !== undefined && (progress < 0 || (progress > 100 && !unchecked))) {
    throw invalidArgument(
      "update_session.client_progress",
      `'client_progress' must be between 0 and 100, got ${progress}.`,
      String(progress),
    );
  }
  const session = findUpdateSession(context, id);
  if (context.faults.has("keep-alive-reopens") && session.state !== "ACTIVE") reopen(context, session);
  if (context.faults.has("keep-alive-refusal-reopens"))
    refuseAfterChanging(session, "keep alive", () => reopen(context, session));
  if (!context.faults.has("keep-alive-outside-active")) requireActive(session, "keep alive");
  if (!context.faults.has("keep-alive-no-extend")) context.store.touch(session);
  if (progress === undefined && context.faults.has("keep-alive-resets-progress")) session.clientProgress = 0;
  if (
    progress !== undefined &&
    (progress > session.clientProgress || context.faults.has("keep-alive-lowers-progress")) &&
    !context.faults.has("keep-alive-progress-ignored")
  )
    session.clientProgress = progress;
}

/**
 * The `*-refusal-*` faults: a mock that changes the session before it checks the state, so the call is
 * refused as documented but the ended session has moved anyway. A session that is ACTIVE is left alone.
 */
function refuseAfterChanging(session: UpdateSession, operation: string, change: () => void): void {
  try {
    requireActive(session, operation);
  } catch (refusal) {
    change();
    throw refusal;
  }
}

/** The keep-alive reopening faults: an ended session is made ACTIVE again, its idle timer started over. */
function reopen(context: OperationContext, session: UpdateSession): void {
  session.state = "ACTIVE";
  session.endedAt = undefined;
  session.lastActivityAt = context.store.now();
}

/** The update-applies-other-members fault: a naive merge of the whole spec onto the session. */
function copyOtherMembers(session: UpdateSession, spec: Record<string, unknown>): void {
  if (typeof spec.library_item_id === "string") session.itemId = spec.library_item_id;
  if (spec.state === "DONE" || spec.state === "CANCELED" || spec.state === "ERROR")
    session.state = spec.state;
  if (typeof spec.client_progress === "number") session.clientProgress = spec.client_progress;
}
