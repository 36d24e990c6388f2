import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// update changes warning_behavior and nothing else; invalid specs are invalid_argument.
const server = useReferenceServer();

describe.each(dialects)("%s: update session update", (dialect) => {
  it("changes only warning_behavior, even when the spec carries other members", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const id = await wire.createId(itemId);
    const before = await wire.session(id);
    const behavior = [{ type: "SELF_SIGNED_CERTIFICATE", ignored: true }];
    const reply = await wire.update(id, {
      warning_behavior: behavior,
      state: "DONE",
      library_item_id: "somewhere-else",
      client_progress: 99,
    });
    wire.must(reply, wire.voidStatus, "update");
    const after = await wire.session(id);
    expect(after.warning_behavior).toEqual(behavior);
    expect(after).toMatchObject({
      state: "ACTIVE",
      library_item_id: itemId,
      client_progress: before.client_progress,
    });
  });

  it("leaves warning_behavior alone when the spec does not set it", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const behavior = [{ type: "EXPIRED_CERTIFICATE", ignored: false }];
    wire.must(await wire.update(id, { warning_behavior: behavior }), wire.voidStatus, "update");
    wire.must(await wire.update(id, {}), wire.voidStatus, "empty update");
    expect((await wire.session(id)).warning_behavior).toEqual(behavior);
  });

  it("answers invalid_argument to an unknown warning type or a missing ignored flag", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    for (const spec of [
      { warning_behavior: [{ type: "NO_SUCH_WARNING", ignored: true }] },
      { warning_behavior: [{ type: "EXPIRED_CERTIFICATE" }] },
      { warning_behavior: "all" },
    ]) {
      const reply = await wire.update(id, spec);
      expect(reply.status).toBe(400);
      expect(wire.errorType(reply)).toBe("INVALID_ARGUMENT");
    }
  });
});
