import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// One ACTIVE session per item, enforced atomically: a burst of creates on one item yields exactly one.
const server = useReferenceServer();

describe.each(dialects)("%s: 50 concurrent creates on one item", (dialect) => {
  it("create exactly one ACTIVE session and answer resource_busy to the other 49", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const replies = await Promise.all(Array.from({ length: 50 }, () => wire.create(itemId)));

    const created = replies.filter((reply) => reply.status === wire.createdStatus);
    const busy = replies.filter((reply) => wire.errorType(reply) === "RESOURCE_BUSY");
    expect(created).toHaveLength(1);
    expect(busy).toHaveLength(49);
    // resource_busy on create is documented as 400 in rest and 500 in api.
    for (const reply of busy) expect(reply.status).toBe(dialect === "rest" ? 400 : 500);

    const ids = wire.value<string[]>(wire.must(await wire.list(itemId), 200, "list"));
    expect(ids).toEqual(created.map((reply) => wire.value<string>(reply)));
    for (const id of ids) expect((await wire.session(id)).state).toBe("ACTIVE");
  });
});
