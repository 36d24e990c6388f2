import type { OperationId } from "../../spec/index.ts";
import type { ApiClient, ApiResponse } from "../client/api-client.ts";
import { lenientValue } from "../client/lenient.ts";
import type { RemoveOutcome } from "../ledger/index.ts";

export interface RemovableEntry {
  kind: string;
  id: string;
}

interface KindOperations {
  get: OperationId;
  delete: OperationId;
  idParameter: string;
}

const operationsByKind: Record<string, KindOperations> = {
  "update-session": {
    get: "updateSession.get",
    delete: "updateSession.delete",
    idParameter: "update_session_id",
  },
  item: { get: "library.item.get", delete: "library.item.delete", idParameter: "library_item_id" },
  library: { get: "library.local.get", delete: "library.local.delete", idParameter: "library_id" },
  "subscribed-library": {
    get: "library.subscribed.get",
    delete: "library.subscribed.delete",
    idParameter: "library_id",
  },
};

/**
 * A 404 status or a not_found error type. The body's shape is judged by the checks, not here: a target that
 * answers a plain-text 404 still says the resource does not exist.
 */
function saysNotFound(response: ApiResponse): boolean {
  return response.status === 404 || response.errorType === "not_found";
}

function describeAnswer(response: ApiResponse): string {
  return `${response.operationId} answered ${response.status ?? "nothing"} ${response.errorType ?? ""}`.trim();
}

/**
 * Removes one resource the run created. A delete that answers "not found" counts as already gone only once
 * a get agrees (a 404 to delete alone could be a misrouted request). An update session is cancelled first
 * when it reads ACTIVE; when its delete is refused anyway, the reported state is not trusted: it is
 * cancelled and deleted again.
 */
export async function removeResource(client: ApiClient, entry: RemovableEntry): Promise<RemoveOutcome> {
  const operations = operationsByKind[entry.kind];
  if (operations === undefined) return { error: `no way to remove a resource of kind ${entry.kind}` };
  const params = { [operations.idParameter]: entry.id };

  const remove = async (): Promise<RemoveOutcome> => {
    const deleted = await client.call(operations.delete, { params });
    if (deleted.success) return "removed";
    if (!saysNotFound(deleted)) return { error: describeAnswer(deleted) };
    const confirm = await client.call(operations.get, { params });
    if (saysNotFound(confirm)) return "already-gone";
    return { error: `${describeAnswer(deleted)}, but ${describeAnswer(confirm)}` };
  };

  if (entry.kind !== "update-session") return remove();

  const cancel = () => client.call("updateSession.cancel", { params });
  const current = await client.call(operations.get, { params });
  // A session that is gone needs no cancel; the delete and its confirming get still decide.
  // Read as leniently as set-up reads: a rest target that does not wrap its results still says ACTIVE.
  const state = (lenientValue(current) as { state?: unknown } | undefined)?.state;
  const cancelled = state === "ACTIVE";
  if (cancelled) await cancel();
  const first = await remove();
  if (typeof first === "string" || cancelled) return first;
  await cancel();
  const second = await remove();
  return typeof second === "string" ? second : { error: `${first.error}; after a cancel, ${second.error}` };
}
