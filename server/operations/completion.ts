import type { Faults } from "../faults.ts";
import type { UpdateSession } from "../state/model.ts";
import type { Store } from "../state/store.ts";
import { keepsInStorage } from "./views.ts";

/**
 * Ending a session DONE: its files become the item's. Shared by complete (PUSH content, immediately) and
 * by the last PULL transfer to settle after complete returned early.
 */
export function applyCompletion(store: Store, session: UpdateSession, faults: Faults): void {
  const now = store.now();
  if (!store.items.has(session.itemId)) {
    store.endSession(session, "ERROR", now, {
      id: "usc.reference.update_session.item_gone",
      default_message: `The library item ${session.itemId} no longer exists.`,
      args: [session.itemId],
    });
    return;
  }
  writeSessionFiles(store, session, faults);
  store.endSession(session, "DONE", now);
}

/** The item's content becomes the session's files, under a new content_version. */
export function writeSessionFiles(store: Store, session: UpdateSession, faults: Faults): void {
  const item = store.items.get(session.itemId);
  if (item === undefined) return;
  const version = item.contentVersion + 1;
  const previous = item.files;
  item.files = new Map();
  for (const file of session.files.values()) {
    // Manifests and certificates serve the import only; the documents keep them out of the item.
    if (file.sourceType !== "NONE" && !keepsInStorage(file.name) && !faults.has("manifest-kept-on-item"))
      continue;
    const kept = file.sourceType === "NONE" ? previous.get(file.name) : undefined;
    item.files.set(
      file.name,
      kept ?? { name: file.name, size: file.size ?? 0, sha1: file.sha1 ?? "", version },
    );
  }
  if (!faults.has("content-version-unchanged")) item.contentVersion = version;
  item.modifiedAt = store.now();
}

/** After a transfer settles: finishes a completion that was waiting for the server's PULL transfers. */
export function settlePendingCompletion(store: Store, session: UpdateSession, faults: Faults): void {
  if (!session.completionRequested || session.state !== "ACTIVE") return;
  const files = [...session.files.values()];
  if (files.some((file) => file.status === "WAITING_FOR_TRANSFER" || file.status === "TRANSFERRING")) return;
  const failed = files.filter((file) => file.status === "ERROR").map((file) => file.name);
  if (failed.length === 0) {
    applyCompletion(store, session, faults);
    return;
  }
  store.endSession(session, "ERROR", store.now(), {
    id: "usc.reference.update_session.transfers_failed",
    default_message: `The update session could not complete: these files failed to transfer: ${failed.join(", ")}.`,
    args: [failed.join(",")],
  });
}
