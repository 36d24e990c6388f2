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
  // Both dialects at once: the probes are independent, and start-up waits for the slower one only.
  const answers = await Promise.all(
    dialects.map((dialect) =>
      new ApiClient({
        dialect,
        baseUrl,
        username: "",
        password: "",
        transport,
        findings: new FindingsLog(),
      })
        .call("session.get", {}, { kind: "none" })
        .then(
          (response) => ({ dialect, response }),
          (error: unknown) => ({ dialect, error }),
        ),
    ),
  );
  for (const answer of answers) {
    if ("error" in answer) {
      const { error } = answer;
      return {
        ok: false,
        reason: `target unreachable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (answer.response.status === 401 || answer.response.success) served.push(answer.dialect);
  }
  if (served.length === 0) {
    return {
      ok: false,
      reason: `${baseUrl} serves neither /rest nor /api session endpoints (is it a vCenter?)`,
    };
  }
  return { ok: true, dialects: served };
}
