import type { ApiClient } from "../client/api-client.ts";

export interface RemovableEntry {
  kind: string;
  id: string;
}

export type RemovalOutcome = "removed" | "already-gone" | { error: string };

/**
 * Removes one resource the run created. An update session is cancelled first when still ACTIVE (delete
 * refuses ACTIVE sessions); not_found means someone (a check, expiry) already removed it.
 */
export async function removeResource(client: ApiClient, entry: RemovableEntry): Promise<RemovalOutcome> {
  const remove = async (operationId: string, params: Record<string, string>): Promise<RemovalOutcome> => {
    const response = await client.call(operationId, { params });
    if (response.success) return "removed";
    if (response.errorType === "not_found") return "already-gone";
    return { error: `${operationId} answered ${response.status} ${response.errorType ?? ""}`.trim() };
  };
  switch (entry.kind) {
    case "update-session": {
      const params = { update_session_id: entry.id };
      const current = await client.call("updateSession.get", { params });
      if (current.errorType === "not_found") return "already-gone";
      const state = (current.value as { state?: unknown } | undefined)?.state;
      if (state === "ACTIVE") await client.call("updateSession.cancel", { params });
      return remove("updateSession.delete", params);
    }
    case "item":
      return remove("library.item.delete", { library_item_id: entry.id });
    case "library":
      return remove("library.local.delete", { library_id: entry.id });
    case "subscribed-library":
      return remove("library.subscribed.delete", { library_id: entry.id });
    default:
      return { error: `no way to remove a resource of kind ${entry.kind}` };
  }
}
