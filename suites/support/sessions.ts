import type { CheckContext } from "../../src/checks/check-context.ts";
import { asRecord, produced, sessionParams, step } from "./steps.ts";
import { failSpec } from "../../fixtures/create-specs.ts";
import { endingOperation } from "../../fixtures/well-formed-calls.ts";

/** The states a session can end in, and the operation that ends it there. */
export type TerminalState = "DONE" | "CANCELED" | "ERROR";

/**
 * Ends an ACTIVE session in the given state as a set-up step (failure blocks): complete for DONE, cancel
 * for CANCELED, fail with a client_error_message for ERROR. A session without files completes as is.
 */
export async function endSession(t: CheckContext, sessionId: string, state: TerminalState): Promise<void> {
  const operationId = endingOperation[state];
  const call =
    state === "ERROR"
      ? { params: { update_session_id: sessionId }, body: failSpec() }
      : sessionParams(sessionId);
  step(t, await t.call(operationId, call), `ending the session with ${operationId}`);
}

/** The sessions the caller has on one item, as a set-up step (list filtered by the item). */
export async function sessionsOfItem(t: CheckContext, itemId: string): Promise<string[]> {
  const value = produced(
    step(
      t,
      await t.call("updateSession.list", { params: { library_item_id: itemId } }),
      "listing the item's update sessions",
    ),
  );
  if (!Array.isArray(value)) t.block("list did not answer with an array, so its members cannot be counted");
  return (value as unknown[]).map(String);
}

/** The file infos of a session (file list) as a set-up step. */
export async function sessionFiles(t: CheckContext, sessionId: string): Promise<Record<string, unknown>[]> {
  const value = produced(
    step(t, await t.call("updateSession.file.list", sessionParams(sessionId)), "listing the session's files"),
  );
  if (!Array.isArray(value)) t.block("file list did not answer with an array");
  return (value as unknown[]).map((file, index) => asRecord(t, file, `file list entry ${index}`));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** A date-time member as epoch milliseconds, or undefined when it is not a parseable date-time with a zone. */
export function dateTimeMillis(value: unknown): number | undefined {
  if (typeof value !== "string" || !/(Z|[+-]\d{2}:\d{2})$/i.test(value)) return undefined;
  const millis = Date.parse(value);
  return Number.isFinite(millis) ? millis : undefined;
}
