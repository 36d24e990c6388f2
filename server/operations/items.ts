import type { Item } from "../state/model.ts";
import type { OperationContext } from "./context.ts";
import { readId, readObject, readOptionalString } from "./decode.ts";
import { failure, notFound } from "./errors.ts";
import { itemFileView, itemView } from "./views.ts";

/** Library items: create, get, list, delete, and the list of files a completed session left behind. */

export function findItem(context: OperationContext, id: string): Item {
  const item = context.store.items.get(id);
  if (item === undefined) throw notFound("library item", id);
  return item;
}

export function createItem(context: OperationContext, specValue: unknown): string {
  const spec = readObject(specValue, "create_spec");
  const libraryId = readId(spec.library_id, "library_id");
  const name = readOptionalString(spec.name, "name");
  if (name === undefined || name.length === 0)
    throw failure("invalid_argument", "item.name", "'name' is required.");
  const description = readOptionalString(spec.description, "description") ?? "";
  const type = readOptionalString(spec.type, "type") ?? "";
  const { store } = context;
  const library = store.libraries.get(libraryId);
  if (library === undefined) throw notFound("library", libraryId);
  if (library.type === "SUBSCRIBED") {
    throw failure(
      "invalid_element_type",
      "item.subscribed_library",
      `Items cannot be created in the subscribed library '${libraryId}'.`,
      libraryId,
    );
  }
  const now = store.now();
  const item: Item = {
    id: store.newItemId(),
    libraryId,
    name,
    description,
    type,
    createdAt: now,
    modifiedAt: now,
    contentVersion: 1,
    metadataVersion: 1,
    files: new Map(),
    sourceId: undefined,
  };
  store.items.set(item.id, item);
  return item.id;
}

export function getItem(context: OperationContext, id: string): object {
  return itemView(findItem(context, id));
}

export function listItems(context: OperationContext, libraryId: string): string[] {
  if (!context.store.libraries.has(libraryId)) throw notFound("library", libraryId);
  return [...context.store.items.values()]
    .filter((item) => item.libraryId === libraryId)
    .map((item) => item.id);
}

export function listItemFiles(context: OperationContext, id: string): object[] {
  return [...findItem(context, id).files.values()].map(itemFileView);
}

export function deleteItem(context: OperationContext, id: string): void {
  const item = findItem(context, id);
  const library = context.store.libraries.get(item.libraryId);
  if (library?.type === "SUBSCRIBED") {
    throw failure(
      "invalid_element_type",
      "item.subscribed_library",
      `Items of the subscribed library '${item.libraryId}' cannot be deleted; they mirror the published library.`,
      item.libraryId,
    );
  }
  removeItem(context, item);
}

/**
 * Removes an item. Its ACTIVE update session ends in ERROR rather than vanishing, so a client in the middle
 * of an upload can still read why it failed and delete the session itself.
 */
export function removeItem(context: OperationContext, item: Item): void {
  const { store } = context;
  const activeId = store.activeSessionByItem.get(item.id);
  const active = activeId === undefined ? undefined : store.updateSession(activeId);
  if (active?.state === "ACTIVE") {
    store.endSession(active, "ERROR", store.now(), {
      id: "usc.reference.update_session.item_deleted",
      default_message: `The library item ${item.id} was deleted while the update session was active.`,
      args: [item.id],
    });
  }
  store.items.delete(item.id);
}
