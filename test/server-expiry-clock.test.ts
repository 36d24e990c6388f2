import { describe, expect, it } from "vitest";
import { createUpdateSession, keepAliveUpdateSession } from "../server/operations/update-sessions.ts";
import { operationContext } from "./support/operation-context.ts";

// Expiry to the millisecond with an injected clock: the boundaries a real-time test can only approximate.
function setup(idleTimeoutMs: number) {
  let now = Date.parse("2025-01-01T00:00:00.000Z");
  const { store, context } = operationContext({ clock: { now: () => now }, idleTimeoutMs });
  return { store, context, advance: (ms: number) => (now += ms) };
}

describe("idle expiry against an injected clock", () => {
  it("is ACTIVE at exactly expiration_time and ERROR one millisecond later", () => {
    const { store, context, advance } = setup(300_000);
    const id = createUpdateSession(context, { library_item_id: "item-1" }, undefined);
    advance(300_000);
    expect(store.updateSession(id)?.state).toBe("ACTIVE");
    advance(1);
    const session = store.updateSession(id);
    expect(session?.state).toBe("ERROR");
    expect(session?.endedAt).toBe(Date.parse("2025-01-01T00:05:00.000Z"));
  });

  it("restarts the idle period on keep_alive", () => {
    const { store, context, advance } = setup(1000);
    const id = createUpdateSession(context, { library_item_id: "item-1" }, undefined);
    advance(900);
    keepAliveUpdateSession(context, id, undefined);
    advance(900);
    expect(store.updateSession(id)?.state).toBe("ACTIVE");
    advance(101);
    expect(store.updateSession(id)?.state).toBe("ERROR");
  });

  it("purges an ended session after the retention period and frees its client token", () => {
    const { store, context, advance } = setup(1000);
    const token = "b8a2a2e3-2314-43cd-a871-6ede0f429751";
    const id = createUpdateSession(context, { library_item_id: "item-1" }, token);
    advance(1001);
    // It ended when it expired (1000 ms), so the retention runs from there.
    expect(store.updateSession(id)?.state).toBe("ERROR");
    advance(store.retentionMs - 1);
    expect(store.updateSession(id)?.state).toBe("ERROR");
    advance(1);
    expect(store.updateSession(id)).toBeUndefined();
    expect(createUpdateSession(context, { library_item_id: "item-1" }, token)).not.toBe(id);
  });
});
