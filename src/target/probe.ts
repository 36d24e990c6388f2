import { dialects, type Dialect } from "../../spec/index.ts";
import { ApiClient } from "../client/api-client.ts";
import { FindingsLog } from "../client/findings-log.ts";
import type { Transport } from "../http/transport.ts";

export type ProbeOutcome = { ok: true; dialects: Dialect[] } | { ok: false; reason: string };

/**
 * Finds which dialects a target serves by asking for the current API session without one: a dialect that
 * is served answers 401 (unauthenticated); one that is not answers 404 or with something that is not the API.
 */
export async function probeDialects(transport: Transport, baseUrl: string): Promise<ProbeOutcome> {
  const served: Dialect[] = [];
  for (const dialect of dialects) {
    const client = new ApiClient({
      dialect,
      baseUrl,
      username: "",
      password: "",
      transport,
      findings: new FindingsLog(),
    });
    let response;
    try {
      response = await client.call("session.get", {}, { kind: "none" });
    } catch (error) {
      return {
        ok: false,
        reason: `target unreachable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (response.status === 401 || response.success) served.push(dialect);
  }
  if (served.length === 0) {
    return {
      ok: false,
      reason: `${baseUrl} serves neither /rest nor /api session endpoints (is it a vCenter?)`,
    };
  }
  return { ok: true, dialects: served };
}
