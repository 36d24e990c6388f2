import type { SessionFile, UpdateSession } from "../state/session-records.ts";
import type { StateContext } from "./context.ts";
import { overridable } from "./overridable.ts";
import { previewBlocksCompletion } from "./signing.ts";
import { keepsInStorage } from "./views.ts";

/**
 * Ending a session DONE: its files become the item's. Shared by complete (PUSH content, immediately) and
 * by the last PULL transfer to settle after complete returned early. Signed content whose preview holds a
 * warning the client did not ignore fails the session instead (ERROR), leaving the item as it was.
 */
export function applyCompletion(context: StateContext, session: UpdateSession): void {
  const { store } = context;
  const now = store.now();
  if (!store.items.has(session.itemId)) {
    store.endSession(session, "ERROR", now, {
      id: "usc.reference.update_session.item_gone",
      default_message: `The library item ${session.itemId} no longer exists.`,
      args: [session.itemId],
    });
    return;
  }
  const blocked = previewBlocksCompletion(context, session);
  if (blocked !== undefined) {
    store.endSession(session, "ERROR", now, blocked);
    return;
  }
  writeSessionFiles(context, session);
  store.endSession(session, "DONE", now);
}

/** Whether a file of a completing session becomes an item file: manifests and certificates serve the import only. */
export const keptOnItem = overridable(
  "updateSession.complete:kept-on-item",
  (_context: StateContext, file: SessionFile): boolean =>
    file.sourceType === "NONE" || keepsInStorage(file.name),
);

/** The item's content becomes the session's files, under a new content_version. */
export const writeSessionFiles = overridable(
  "updateSession.complete:write-files",
  (context: StateContext, session: UpdateSession): void => {
    const { store } = context;
    const item = store.items.get(session.itemId);
    if (item === undefined) return;
    const version = item.contentVersion + 1;
    const previous = item.files;
    item.files = new Map();
    for (const file of session.files.values()) {
      if (!keptOnItem(context, file)) continue;
      const kept = file.sourceType === "NONE" ? previous.get(file.name) : undefined;
      item.files.set(
        file.name,
        kept ?? { name: file.name, size: file.size ?? 0, sha1: file.sha1 ?? "", version },
      );
    }
    item.contentVersion = version;
    item.modifiedAt = store.now();
  },
);

/** After a transfer settles: finishes a completion that was waiting for the server's PULL transfers. */
export function settlePendingCompletion(context: StateContext, session: UpdateSession): void {
  const { store } = context;
  if (!session.completionRequested || session.state !== "ACTIVE") return;
  const files = [...session.files.values()];
  if (files.some((file) => file.status === "WAITING_FOR_TRANSFER" || file.status === "TRANSFERRING")) return;
  const failed = files.filter((file) => file.status === "ERROR").map((file) => file.name);
  if (failed.length === 0) {
    applyCompletion(context, session);
    return;
  }
  store.endSession(session, "ERROR", store.now(), {
    id: "usc.reference.update_session.transfers_failed",
    default_message: `The update session could not complete: these files failed to transfer: ${failed.join(", ")}.`,
    args: [failed.join(",")],
  });
}
