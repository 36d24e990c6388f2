import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// list: the caller's own sessions only, optionally of one item, not_found for an unknown item.
const other = { username: "operator@vsphere.local", password: "other-secret" };
const server = useReferenceServer({ users: [other] });

describe.each(dialects)("%s: update session list", (dialect) => {
  it("lists only the calling user's sessions and filters by library item", async () => {
    const mine = await server.wire(dialect);
    const theirs = await server.wire(dialect, other);
    const firstItem = await mine.provisionItem();
    const secondItem = await mine.provisionItem();
    const a = await mine.createId(firstItem);
    const b = await mine.createId(secondItem);
    const c = await theirs.createId(await theirs.provisionItem());

    const all = mine.value<string[]>(mine.must(await mine.list(), 200, "list"));
    expect(all).toEqual(expect.arrayContaining([a, b]));
    expect(all).not.toContain(c);
    const theirsAll = theirs.value<string[]>(theirs.must(await theirs.list(), 200, "list"));
    expect(theirsAll).toContain(c);
    expect(theirsAll).not.toContain(a);
    expect(mine.value<string[]>(mine.must(await mine.list(firstItem), 200, "filtered list"))).toEqual([a]);
    expect(theirs.value<string[]>(theirs.must(await theirs.list(firstItem), 200, "filtered list"))).toEqual(
      [],
    );
  });

  it("answers not_found when filtering by an item that does not exist", async () => {
    const wire = await server.wire(dialect);
    const reply = await wire.list("6f1b7a2c-0000-4000-8000-000000000000");
    expect(reply.status).toBe(404);
    expect(wire.errorType(reply)).toBe("NOT_FOUND");
  });
});
