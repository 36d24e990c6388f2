import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// Exactly one complete of a session succeeds, however many arrive at once; the item changes once.
const server = useReferenceServer();

describe.each(dialects)("%s: 50 concurrent completes on one session", (dialect) => {
  it("let exactly one succeed and answer not_allowed_in_current_state to the other 49", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const versionBefore = Number((await wire.item(itemId)).content_version);
    const id = await wire.createId(itemId);
    await wire.pushFile(id, "payload.bin", "0123456789");

    const replies = await Promise.all(Array.from({ length: 50 }, () => wire.complete(id)));
    expect(replies.filter((reply) => reply.status === wire.voidStatus)).toHaveLength(1);
    const refused = replies.filter((reply) => reply.status === 400);
    expect(refused).toHaveLength(49);
    for (const reply of refused) expect(wire.errorType(reply)).toBe("NOT_ALLOWED_IN_CURRENT_STATE");

    expect((await wire.session(id)).state).toBe("DONE");
    expect(Number((await wire.item(itemId)).content_version)).toBe(versionBefore + 1);
  });
});
