import type { OperationId } from "../../spec/index.ts";
import type { ApiClient, ApiResponse } from "../client/api-client.ts";
import { lenientValue } from "../client/lenient.ts";
import type { FindOutcome } from "../ledger/index.ts";

export interface NamedIntent {
  kind: string;
  name: string;
  parentId: string | undefined;
}

function describeAnswer(response: ApiResponse): string {
  return `${response.operationId} answered ${response.status ?? "nothing"} ${response.errorType ?? ""}`.trim();
}

function nameOf(response: ApiResponse): unknown {
  return (lenientValue(response) as { name?: unknown } | undefined)?.name;
}

interface Lookup {
  list: OperationId;
  listParams: (intent: NamedIntent) => Record<string, string> | undefined;
  get: OperationId;
  idParameter: string;
  /**
   * Whether "not found" to the list means the place is gone (an item's library) rather than that the target
   * does not offer the list (a 404 to the library list must not count as "nothing there").
   */
  notFoundMeansGone: boolean;
}

const lookups: Record<string, Lookup> = {
  item: {
    list: "library.item.list",
    listParams: (intent) => (intent.parentId === undefined ? undefined : { library_id: intent.parentId }),
    get: "library.item.get",
    idParameter: "library_item_id",
    notFoundMeansGone: true,
  },
  library: {
    list: "library.local.list",
    listParams: () => ({}),
    get: "library.local.get",
    idParameter: "library_id",
    notFoundMeansGone: false,
  },
  "subscribed-library": {
    list: "library.subscribed.list",
    listParams: () => ({}),
    get: "library.subscribed.get",
    idParameter: "library_id",
    notFoundMeansGone: false,
  },
};

/** Name to id of everything in one place; empty when the place itself is gone (a deleted library). */
type Names = Map<string, string> | { error: string };

async function readNames(client: ApiClient, lookup: Lookup, params: Record<string, string>): Promise<Names> {
  const listed = await client.call(lookup.list, { params });
  // The library an item was created in is gone, and the item with it.
  const notFound = listed.status === 404 || listed.errorType === "not_found";
  if (notFound && lookup.notFoundMeansGone) return new Map();
  // Read as leniently as set-up: the listing's shape is the checks' business, not cleanup's.
  const ids = lenientValue(listed);
  if (!Array.isArray(ids)) return { error: describeAnswer(listed) };
  const names = new Map<string, string>();
  for (const id of ids) {
    if (typeof id !== "string") continue;
    const found = await client.call(lookup.get, { params: { [lookup.idParameter]: id } });
    const name = nameOf(found);
    if (found.success && typeof name === "string") names.set(name, id);
  }
  return names;
}

/**
 * A finder for one teardown: looks for what a create that was never confirmed may have made, by the exact
 * name it sent, where it was sent (the items of the recorded library, or the libraries of the kind). Only
 * that name is matched, so nothing else is ever taken for the run's own. Each place is read once, however
 * many intents look in it.
 */
export function nameFinder(client: ApiClient): (intent: NamedIntent) => Promise<FindOutcome> {
  const places = new Map<string, Promise<Names>>();
  return async (intent) => {
    const lookup = lookups[intent.kind];
    if (lookup === undefined) return { error: `no way to look up a ${intent.kind} by name` };
    const params = lookup.listParams(intent);
    if (params === undefined) return { error: "no library recorded to look in" };
    const key = `${lookup.list} ${JSON.stringify(params)}`;
    let place = places.get(key);
    if (place === undefined) {
      place = readNames(client, lookup, params);
      places.set(key, place);
    }
    const names = await place;
    if (!(names instanceof Map)) return names;
    const id = names.get(intent.name);
    return id === undefined ? "absent" : { id };
  };
}
