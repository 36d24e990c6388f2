/**
 * The run's scratch resources on the target: a local library on a datastore (every suite puts its items
 * there), and, for the suites, an item of a subscribed library. Answers are read leniently (a result
 * wrapped or bare, in either dialect): how the target shapes them is judged by the schema check of each
 * response, so a deviation here is a failing check, not the end of the run.
 */
import type { ApiClient, ApiResponse } from "../client/api-client.ts";
import { scratchName, type ResourceLedger } from "../ledger/index.ts";
import { describeAnswer, lenientValue } from "../client/lenient.ts";

export interface Provisioned {
  datastoreId: string;
  libraryId: string;
  subscribedItemId: string | undefined;
  subscribedItemMissing: string | undefined;
}

export class ProvisioningError extends Error {}

function idOf(response: ApiResponse, what: string): string {
  const id = lenientValue(response);
  if (typeof id !== "string") {
    throw new ProvisioningError(
      `${what} failed: ${response.operationId} answered ${describeAnswer(response)}`,
    );
  }
  return id;
}

async function chooseDatastore(client: ApiClient, requested: string | undefined): Promise<string> {
  if (requested !== undefined) return requested;
  const response = await client.call("datastore.list");
  const listed = lenientValue(response);
  const first: unknown = Array.isArray(listed) ? listed[0] : undefined;
  const id =
    typeof first === "object" && first !== null ? (first as { datastore?: unknown }).datastore : undefined;
  if (typeof id !== "string") {
    throw new ProvisioningError(
      `no datastore to put the scratch library on (datastore.list answered ${describeAnswer(response)}); name one with --datastore`,
    );
  }
  return id;
}

/** Creates one scratch library, its intent and its id recorded in the ledger; `purpose` ends its name. */
export async function createScratchLibrary(
  client: ApiClient,
  ledger: ResourceLedger,
  runId: string,
  datastoreId: string,
  purpose: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const name = scratchName(runId, purpose);
  ledger.recordIntent({ kind: "library", name, dialect: client.dialect });
  const response = await client.call("library.local.create", {
    params: { client_token: crypto.randomUUID() },
    body: {
      name,
      type: "LOCAL",
      storage_backings: [{ type: "DATASTORE", datastore_id: datastoreId }],
      ...extra,
    },
  });
  ledger.recordAnswer("library", name, response.status);
  const id = idOf(response, `creating the scratch library ${name}`);
  ledger.recordCreated({ kind: "library", id, dialect: client.dialect, label: name });
  return id;
}

/**
 * A library item in a subscribed library, through documented calls only: publish a scratch library with one
 * item, subscribe a second scratch library to it, and take the mirrored item. Best effort: a target that
 * cannot do this gets the reason, and the checks that need such an item are skipped with it.
 */
async function subscribedItem(
  client: ApiClient,
  ledger: ResourceLedger,
  runId: string,
  datastoreId: string,
): Promise<{ id: string } | { missing: string }> {
  try {
    const publishedId = await createScratchLibrary(client, ledger, runId, datastoreId, "published", {
      publish_info: { published: true, authentication_method: "NONE" },
    });
    const itemName = scratchName(runId, "published-item");
    ledger.recordIntent({ kind: "item", name: itemName, dialect: client.dialect, parentId: publishedId });
    const item = await client.call("library.item.create", {
      params: { client_token: crypto.randomUUID() },
      body: { library_id: publishedId, name: itemName, type: "file" },
    });
    ledger.recordAnswer("item", itemName, item.status);
    ledger.recordCreated({
      kind: "item",
      id: idOf(item, "creating the published item"),
      dialect: client.dialect,
      label: itemName,
      parentId: publishedId,
    });
    const published = await client.call("library.local.get", { params: { library_id: publishedId } });
    const url = (lenientValue(published) as { publish_info?: { publish_url?: unknown } } | undefined)
      ?.publish_info?.publish_url;
    if (typeof url !== "string") return { missing: "the published scratch library has no publish_url" };
    const subscribedName = scratchName(runId, "subscribed");
    ledger.recordIntent({ kind: "subscribed-library", name: subscribedName, dialect: client.dialect });
    const subscribed = await client.call("library.subscribed.create", {
      params: { client_token: crypto.randomUUID() },
      body: {
        name: subscribedName,
        type: "SUBSCRIBED",
        storage_backings: [{ type: "DATASTORE", datastore_id: datastoreId }],
        subscription_info: {
          subscription_url: url,
          authentication_method: "NONE",
          automatic_sync_enabled: false,
          on_demand: true,
        },
      },
    });
    ledger.recordAnswer("subscribed-library", subscribedName, subscribed.status);
    const subscribedId = idOf(subscribed, "subscribing to the published scratch library");
    ledger.recordCreated({
      kind: "subscribed-library",
      id: subscribedId,
      dialect: client.dialect,
      label: subscribedName,
    });
    await client.call("library.subscribed.sync", { params: { library_id: subscribedId } });
    const items = await client.call("library.item.list", { params: { library_id: subscribedId } });
    const listed = lenientValue(items);
    const first: unknown = Array.isArray(listed) ? listed[0] : undefined;
    return typeof first === "string"
      ? { id: first }
      : { missing: "the subscribed scratch library shows no item after sync" };
  } catch (error) {
    return { missing: error instanceof Error ? error.message : String(error) };
  }
}

export interface ProvisionOptions {
  runId: string;
  /** The datastore to back the scratch libraries; undefined takes the first the target lists. */
  datastore: string | undefined;
  /** The purpose in the scratch library's name (`library` for the suites, `pact-library` for the pact). */
  purpose: string;
  /** A subscribed item to use as it is; `false` when nothing needs one (the pact's provider states). */
  subscribedItem: string | undefined | false;
}

/** Creates the run's scratch resources; failure to create the scratch library is thrown (ProvisioningError). */
export async function provision(
  client: ApiClient,
  ledger: ResourceLedger,
  options: ProvisionOptions,
): Promise<Provisioned> {
  const datastoreId = await chooseDatastore(client, options.datastore);
  const libraryId = await createScratchLibrary(client, ledger, options.runId, datastoreId, options.purpose);
  if (options.subscribedItem === false) {
    const missing = "not provisioned";
    return { datastoreId, libraryId, subscribedItemId: undefined, subscribedItemMissing: missing };
  }
  if (options.subscribedItem !== undefined) {
    return {
      datastoreId,
      libraryId,
      subscribedItemId: options.subscribedItem,
      subscribedItemMissing: undefined,
    };
  }
  const found = await subscribedItem(client, ledger, options.runId, datastoreId);
  return "id" in found
    ? { datastoreId, libraryId, subscribedItemId: found.id, subscribedItemMissing: undefined }
    : { datastoreId, libraryId, subscribedItemId: undefined, subscribedItemMissing: found.missing };
}
