import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { startReferenceServer } from "../server/index.ts";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// The embedded run gives only the expiry suite's items a short idle timeout: their sessions expire within
// a second, while a session on any other item keeps the long timeout however slow the machine is.
const server = useReferenceServer({
  idleTimeoutSeconds: 300,
  shortIdleItems: { nameIncludes: "-expiry-", idleTimeoutSeconds: 0.5 },
});

describe.concurrent.each(dialects)("%s: a short idle timeout for named items only", (dialect) => {
  it("expires a session on a named item after the short timeout and leaves the others ACTIVE", async () => {
    const wire = await server.wire(dialect);
    const library = await wire.createLibrary();
    const quick = await wire.createId(await wire.createItem(library, "run-1-expiry-lower-bound-abc123"));
    const slow = await wire.createId(await wire.createItem(library, "run-1-lifecycle-main-abc123"));
    const quickExpires = Date.parse((await wire.session(quick)).expiration_time);
    const slowExpires = Date.parse((await wire.session(slow)).expiration_time);
    expect(slowExpires - quickExpires).toBeGreaterThan(250_000);

    await sleep(Math.max(0, quickExpires - Date.now() + 300));
    const expired = await wire.session(quick);
    expect(expired.state).toBe("ERROR");
    expect(expired.error_message?.default_message).toMatch(/expired after 0\.5 seconds without activity/);
    expect((await wire.session(slow)).state).toBe("ACTIVE");
  });
});

describe("shortIdleItems option", () => {
  it("refuses an empty marker or a non-positive timeout", async () => {
    await expect(
      startReferenceServer({ shortIdleItems: { nameIncludes: "", idleTimeoutSeconds: 1 } }),
    ).rejects.toThrow(/nameIncludes must not be empty/);
    await expect(
      startReferenceServer({ shortIdleItems: { nameIncludes: "-x-", idleTimeoutSeconds: 0 } }),
    ).rejects.toThrow(/idleTimeoutSeconds must be a positive number, got 0/);
  });
});
