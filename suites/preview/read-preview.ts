import type { CheckContext } from "../../src/checks/check-context.ts";
import { sleep } from "../support/sessions.ts";
import { readSession } from "../support/steps.ts";

/** How long a check waits for a preview to settle after the metadata's bytes arrived. */
export const settleMs = 10_000;

export function previewOf(model: Record<string, unknown>): Record<string, unknown> | undefined {
  const preview = model.preview_info;
  return typeof preview === "object" && preview !== null ? (preview as Record<string, unknown>) : undefined;
}

/**
 * Reads the session until its preview has settled, or the time is up; returns the last model. Only
 * PREPARING is documented to move on (to AVAILABLE), so a reading that shows any other state, or no
 * preview_info at all, is final: reading again cannot change the verdict.
 */
export async function waitForPreview(t: CheckContext, sessionId: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const model = await readSession(t, sessionId);
    if (previewOf(model)?.state !== "PREPARING" || Date.now() > deadline) return model;
    await sleep(250);
  }
}
