import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// Idle expiry in real time with a 1-second timeout: expiration_time is a lower bound, keep_alive extends it.
const server = useReferenceServer({ idleTimeoutSeconds: 1 });

// Concurrent: the waits dominate, and each test uses its own item and session.
describe.concurrent.each(dialects)("%s: idle expiry after 1 second", (dialect) => {
  it("keeps an idle session ACTIVE until its expiration_time and ends it in ERROR after", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const created = Date.now();
    const id = await wire.createId(itemId);
    const expiration = Date.parse((await wire.session(id)).expiration_time);
    expect(expiration - created).toBeGreaterThanOrEqual(900);
    expect(expiration - created).toBeLessThanOrEqual(1500);

    await sleep(Math.max(0, expiration - Date.now() - 300));
    expect((await wire.session(id)).state).toBe("ACTIVE");

    await sleep(Math.max(0, expiration - Date.now() + 100));
    const expired = await wire.session(id);
    expect(expired.state).toBe("ERROR");
    expect(expired.error_message?.default_message).toMatch(/expired/);
    expect(expired.preview_info).toBeUndefined();
    // The item is free again, and the expired session can be deleted.
    expect((await wire.create(itemId)).status).toBe(wire.createdStatus);
    expect((await wire.delete(id)).status).toBe(wire.voidStatus);
  });

  it("keeps a session alive past the timeout while keep_alive arrives, moving expiration_time forward", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    let previous = Date.parse((await wire.session(id)).expiration_time);
    const until = Date.now() + 2500;
    while (Date.now() < until) {
      await sleep(300);
      wire.must(await wire.keepAlive(id), wire.voidStatus, "keep-alive");
      const session = await wire.session(id);
      expect(session.state).toBe("ACTIVE");
      const expiration = Date.parse(session.expiration_time);
      expect(expiration).toBeGreaterThan(previous);
      previous = expiration;
    }
    expect((await wire.session(id)).state).toBe("ACTIVE");
  });
});
