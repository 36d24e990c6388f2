/**
 * A reference server's store with one library item (`item-1`) and an operation context on it, for tests
 * that call the server's operations directly, without HTTP.
 */
import type { OperationContext } from "../../server/operations/context.ts";
import { noOverrides, type Overrides } from "../../server/operations/overridable.ts";
import type { Clock } from "../../server/state/clock.ts";
import type { ItemFile } from "../../server/state/model.ts";
import { Store } from "../../server/state/store.ts";

export interface OperationContextOptions {
  clock: Clock;
  idleTimeoutMs?: number;
  overrides?: Overrides;
  /** The files `item-1` holds; none by default. */
  itemFiles?: ItemFile[];
}

/** The store and a context of the user `u` (all privileges) on it. */
export function operationContext(options: OperationContextOptions): {
  store: Store;
  context: OperationContext;
} {
  const store = new Store({
    clock: options.clock,
    idleTimeoutMs: options.idleTimeoutMs ?? 300_000,
    users: [{ username: "u", password: "p", privileges: undefined }],
  });
  const now = store.now();
  store.items.set("item-1", {
    id: "item-1",
    libraryId: "lib-1",
    name: "i",
    description: "",
    type: "",
    createdAt: now,
    modifiedAt: now,
    contentVersion: 1,
    metadataVersion: 1,
    files: new Map((options.itemFiles ?? []).map((file) => [file.name, file])),
    sourceId: undefined,
  });
  const context: OperationContext = {
    store,
    user: "u",
    origin: "http://127.0.0.1:1",
    tlsThumbprint: undefined,
    overrides: options.overrides ?? noOverrides,
    shutdown: new AbortController().signal,
  };
  return { store, context };
}
