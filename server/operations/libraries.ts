import type { Item, Library, StorageBacking } from "../state/model.ts";
import type { OperationContext } from "./context.ts";
import {
  readArray,
  readEnum,
  readObject,
  readOptionalBoolean,
  readOptionalObject,
  readOptionalString,
  readString,
} from "./decode.ts";
import { failure, invalidArgument, notFound } from "./errors.ts";
import { removeItem } from "./items.ts";
import { datastoreView, libraryView } from "./views.ts";

/**
 * Local and subscribed libraries. Publishing a local library gives it a publish URL on this server; a
 * subscribed library names that URL and mirrors the published items, which is the documented way to get
 * a subscribed library item (on which update session create answers invalid_element_type).
 */

type LibraryType = Library["type"];

/** Datastore filters; an empty list does not filter. */
export interface DatastoreFilter {
  ids: string[];
  names: string[];
  types: string[];
}

export function listDatastores(context: OperationContext, filter: DatastoreFilter): object[] {
  const admits = (values: string[], value: string): boolean => values.length === 0 || values.includes(value);
  return [...context.store.datastores.values()]
    .filter(
      (datastore) =>
        admits(filter.ids, datastore.id) &&
        admits(filter.names, datastore.name) &&
        admits(filter.types, datastore.type),
    )
    .map(datastoreView);
}

function readStorageBackings(context: OperationContext, value: unknown): StorageBacking[] {
  const backings = readArray(value, "storage_backings").map((entry, index) => {
    const path = `storage_backings[${index}]`;
    const backing = readObject(entry, path);
    const type = readEnum(backing.type, `${path}.type`, ["DATASTORE", "OTHER"] as const);
    const datastoreId = readOptionalString(backing.datastore_id, `${path}.datastore_id`);
    const storageUri = readOptionalString(backing.storage_uri, `${path}.storage_uri`);
    if (type === "DATASTORE" && (datastoreId === undefined || !context.store.datastores.has(datastoreId))) {
      throw invalidArgument(
        "library.datastore",
        `${path}.datastore_id must name an existing datastore, got '${datastoreId ?? ""}'.`,
        datastoreId ?? "",
      );
    }
    if (type === "OTHER" && storageUri === undefined) {
      throw invalidArgument("library.storage_uri", `${path}.storage_uri is required for type OTHER.`);
    }
    return { type, datastoreId, storageUri };
  });
  if (backings.length === 0) {
    throw invalidArgument(
      "library.storage_backings",
      "'storage_backings' needs at least one storage backing.",
    );
  }
  return backings;
}

function newLibrary(context: OperationContext, spec: Record<string, unknown>, type: LibraryType): Library {
  const name = readString(spec.name, "name");
  if (name.length === 0) throw invalidArgument("library.name", "'name' must not be empty.");
  const declaredType = readOptionalString(spec.type, "type");
  if (declaredType !== undefined && declaredType !== type) {
    throw invalidArgument(
      "library.type",
      `'type' must be ${type} for this operation, got '${declaredType}'.`,
    );
  }
  const now = context.store.now();
  return {
    id: context.store.newLibraryId(),
    name,
    description: readOptionalString(spec.description, "description") ?? "",
    type,
    storageBackings: readStorageBackings(context, spec.storage_backings),
    createdAt: now,
    modifiedAt: now,
    version: 1,
    publishUrl: undefined,
    subscription: undefined,
  };
}

export function createLocalLibrary(context: OperationContext, specValue: unknown): string {
  const spec = readObject(specValue, "create_spec");
  const library = newLibrary(context, spec, "LOCAL");
  const publishInfo = readOptionalObject(spec.publish_info, "publish_info");
  if (readOptionalBoolean(publishInfo.published, "publish_info.published") === true) {
    library.publishUrl = `${context.origin}/cls/vcsp/lib/${library.id}/lib.json`;
  }
  context.store.libraries.set(library.id, library);
  return library.id;
}

/** The published library of this server a subscription URL names, whatever host name the subscriber used. */
function publishedLibraryOf(context: OperationContext, url: string): Library {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    throw invalidArgument(
      "library.subscription_url",
      `'subscription_info.subscription_url' is not a URL: '${url}'.`,
    );
  }
  const id = /^\/cls\/vcsp\/lib\/([^/]+)\/lib\.json$/.exec(pathname)?.[1];
  const library = id === undefined ? undefined : context.store.libraries.get(id);
  if (library?.publishUrl === undefined) {
    throw invalidArgument(
      "library.subscription_url",
      `'subscription_info.subscription_url' must be the publish_url of a published library of this server, got '${url}'.`,
      url,
    );
  }
  return library;
}

export function createSubscribedLibrary(context: OperationContext, specValue: unknown): string {
  const spec = readObject(specValue, "create_spec");
  const library = newLibrary(context, spec, "SUBSCRIBED");
  const info = readObject(spec.subscription_info, "subscription_info");
  const url = readString(info.subscription_url, "subscription_info.subscription_url");
  const source = publishedLibraryOf(context, url);
  library.subscription = {
    url,
    sourceLibraryId: source.id,
    automaticSync:
      readOptionalBoolean(info.automatic_sync_enabled, "subscription_info.automatic_sync_enabled") ?? false,
    onDemand: readOptionalBoolean(info.on_demand, "subscription_info.on_demand") ?? false,
    lastSyncAt: library.createdAt,
  };
  context.store.libraries.set(library.id, library);
  mirror(context, library);
  return library.id;
}

function findLibrary(context: OperationContext, id: string, type: LibraryType): Library {
  const library = context.store.libraries.get(id);
  if (library === undefined) throw notFound("library", id);
  // Each endpoint serves one kind of library; the documents answer invalid_element_type for the other kind.
  if (library.type !== type) {
    throw failure(
      "invalid_element_type",
      "library.wrong_type",
      `The library ${id} is ${library.type}, not ${type}.`,
      id,
      library.type,
    );
  }
  return library;
}

/** The ids of the libraries of one type (LocalLibrary.list, SubscribedLibrary.list). */
export function listLibraries(context: OperationContext, type: LibraryType): string[] {
  return [...context.store.libraries.values()]
    .filter((library) => library.type === type)
    .map((library) => library.id);
}

export function getLibrary(context: OperationContext, id: string, type: LibraryType): object {
  return libraryView(findLibrary(context, id, type));
}

export function deleteLibrary(context: OperationContext, id: string, type: LibraryType): void {
  const library = findLibrary(context, id, type);
  for (const item of [...context.store.items.values()]) {
    if (item.libraryId === library.id) removeItem(context, item);
  }
  context.store.libraries.delete(library.id);
}

export function syncLibrary(context: OperationContext, id: string): void {
  const library = findLibrary(context, id, "SUBSCRIBED");
  if (
    library.subscription !== undefined &&
    !context.store.libraries.has(library.subscription.sourceLibraryId)
  ) {
    throw failure(
      "resource_inaccessible",
      "library.publisher_gone",
      `The published library ${library.subscription.sourceLibraryId} this library subscribes to no longer exists.`,
      library.subscription.sourceLibraryId,
    );
  }
  mirror(context, library);
}

/** Brings a subscribed library's items in line with its published library's, synchronously. */
function mirror(context: OperationContext, library: Library): void {
  const { store } = context;
  const subscription = library.subscription;
  if (subscription === undefined) return;
  const now = store.now();
  const sources = [...store.items.values()].filter((item) => item.libraryId === subscription.sourceLibraryId);
  const mirrors = new Map<string, Item>();
  for (const item of store.items.values()) {
    if (item.libraryId === library.id && item.sourceId !== undefined) mirrors.set(item.sourceId, item);
  }
  for (const source of sources) {
    const files = new Map([...source.files].map(([name, file]) => [name, { ...file }]));
    const existing = mirrors.get(source.id);
    mirrors.delete(source.id);
    if (existing !== undefined) {
      if (existing.contentVersion !== source.contentVersion) {
        Object.assign(existing, { files, contentVersion: source.contentVersion, modifiedAt: now });
      }
      continue;
    }
    const id = store.newItemId();
    store.items.set(id, {
      ...source,
      id,
      libraryId: library.id,
      files,
      createdAt: now,
      modifiedAt: now,
      sourceId: source.id,
    });
  }
  for (const orphan of mirrors.values()) removeItem(context, orphan);
  subscription.lastSyncAt = now;
}
