import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";
import type { Wire } from "./support/update-session-wire.ts";

// The state machine: ACTIVE -> DONE / CANCELED / ERROR, what each state allows, and delete's rule.
const server = useReferenceServer();

const endings: Array<{
  name: string;
  state: string;
  end: (wire: Wire, id: string) => ReturnType<Wire["complete"]>;
}> = [
  { name: "complete", state: "DONE", end: (wire, id) => wire.complete(id) },
  { name: "cancel", state: "CANCELED", end: (wire, id) => wire.cancel(id) },
  { name: "fail", state: "ERROR", end: (wire, id) => wire.fail(id, "client gave up") },
];

describe.each(dialects)("%s: update session state machine", (dialect) => {
  it("creates sessions ACTIVE with progress 0, the item's content version and a future expiration", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const before = Date.now();
    const id = await wire.createId(itemId);
    const session = await wire.session(id);
    expect(session).toMatchObject({
      id,
      library_item_id: itemId,
      state: "ACTIVE",
      client_progress: 0,
      library_item_content_version: (await wire.item(itemId)).content_version,
    });
    expect(session.expiration_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(session.expiration_time)).toBeGreaterThan(before);
  });

  for (const { name, state, end } of endings) {
    it(`${name} moves ACTIVE to ${state}, after which every ACTIVE-only operation is not_allowed_in_current_state`, async () => {
      const wire = await server.wire(dialect);
      const itemId = await wire.provisionItem();
      const id = await wire.createId(itemId);
      wire.must(await end(wire, id), wire.voidStatus, name);
      expect((await wire.session(id)).state).toBe(state);

      const refused = [
        await wire.complete(id),
        await wire.cancel(id),
        await wire.fail(id, "again"),
        await wire.keepAlive(id, 10),
        await wire.update(id, { warning_behavior: [] }),
        await wire.addFile(id, { name: "late.txt", source_type: "PUSH" }),
        await wire.validate(id),
      ];
      for (const reply of refused) {
        expect(reply.status).toBe(400);
        expect(wire.errorType(reply)).toBe("NOT_ALLOWED_IN_CURRENT_STATE");
      }
      // get and list work in any state.
      expect((await wire.session(id)).state).toBe(state);
      expect(wire.value<string[]>(wire.must(await wire.list(itemId), 200, "list"))).toEqual([id]);
    });
  }

  it("refuses delete while ACTIVE and leaves the session in place; deletes once it ended", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const refused = await wire.delete(id);
    expect(refused.status).toBe(400);
    expect(wire.errorType(refused)).toBe("NOT_ALLOWED_IN_CURRENT_STATE");
    expect((await wire.session(id)).state).toBe("ACTIVE");

    wire.must(await wire.cancel(id), wire.voidStatus, "cancel");
    wire.must(await wire.delete(id), wire.voidStatus, "delete");
    const gone = await wire.get(id);
    expect(gone.status).toBe(404);
    expect(wire.errorType(gone)).toBe("NOT_FOUND");
  });

  it("allows a new session on the item once the previous one ended", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const first = await wire.createId(itemId);
    wire.must(await wire.complete(first), wire.voidStatus, "complete");
    const second = await wire.createId(itemId);
    expect(second).not.toBe(first);
    expect((await wire.session(second)).state).toBe("ACTIVE");
  });

  it("answers not_found for every operation on an unknown session", async () => {
    const wire = await server.wire(dialect);
    const unknown = "00000000-0000-0000-0000-000000000000:00000000-0000-0000-0000-000000000000";
    const replies = [
      await wire.get(unknown),
      await wire.update(unknown, { warning_behavior: [] }),
      await wire.delete(unknown),
      await wire.complete(unknown),
      await wire.cancel(unknown),
      await wire.fail(unknown, "x"),
      await wire.keepAlive(unknown),
      await wire.addFile(unknown, { name: "a", source_type: "PUSH" }),
      await wire.getFile(unknown, "a"),
      await wire.listFiles(unknown),
      await wire.removeFile(unknown, "a"),
      await wire.validate(unknown),
    ];
    for (const reply of replies) {
      expect(reply.status).toBe(404);
      expect(wire.errorType(reply)).toBe("NOT_FOUND");
    }
  });
});
