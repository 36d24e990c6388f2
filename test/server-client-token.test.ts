import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// client_token: must be a UUID; repeating it returns the first session and creates nothing.
const other = { username: "operator@vsphere.local", password: "other-secret" };
const server = useReferenceServer({ users: [other] });

describe.each(dialects)("%s: create with client_token", (dialect) => {
  it("rejects a token that is not a UUID with invalid_argument", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    for (const token of ["not-a-uuid", "b8a2a2e3231443cda8716ede0f429751", ""]) {
      const reply = await wire.create(itemId, { clientToken: token });
      expect(reply.status).toBe(400);
      expect(wire.errorType(reply)).toBe("INVALID_ARGUMENT");
    }
    expect(wire.value<string[]>(wire.must(await wire.list(itemId), 200, "list"))).toEqual([]);
  });

  it("returns the same session for a repeated token and creates nothing new", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const token = randomUUID();
    const first = wire.value<string>(
      wire.must(await wire.create(itemId, { clientToken: token }), wire.createdStatus, "create"),
    );
    const again = await wire.create(itemId, { clientToken: token });
    expect(again.status).toBe(wire.createdStatus);
    expect(wire.value<string>(again)).toBe(first);
    // Case does not make a different UUID.
    expect(wire.value<string>(await wire.create(itemId, { clientToken: token.toUpperCase() }))).toBe(first);
    expect(wire.value<string[]>(wire.must(await wire.list(itemId), 200, "list"))).toEqual([first]);
  });

  it("scopes tokens to the caller: another user's identical token is a new request", async () => {
    const mine = await server.wire(dialect);
    const theirs = await server.wire(dialect, other);
    const token = randomUUID();
    const first = mine.value<string>(await mine.create(await mine.provisionItem(), { clientToken: token }));
    const second = await theirs.create(await theirs.provisionItem(), { clientToken: token });
    expect(second.status).toBe(theirs.createdStatus);
    expect(theirs.value<string>(second)).not.toBe(first);
  });
});
