import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// create (and a filtered list) need ContentLibrary.UpdateSession on the item; session operations do not.
const reader = { username: "reader@vsphere.local", password: "read-only", privileges: ["System.Read"] };
const server = useReferenceServer({ users: [reader] });

describe.each(dialects)("%s: privileges", (dialect) => {
  it("answers unauthorized (403) to create and filtered list by a user without ContentLibrary.UpdateSession", async () => {
    const admin = await server.wire(dialect);
    const limited = await server.wire(dialect, reader);
    const itemId = await admin.provisionItem();
    for (const reply of [await limited.create(itemId), await limited.list(itemId)]) {
      expect(reply.status).toBe(403);
      expect(limited.errorType(reply)).toBe("UNAUTHORIZED");
    }
    // Operations on a known session need no privilege beyond System.Anonymous.
    const id = await admin.createId(itemId);
    expect((await limited.session(id)).state).toBe("ACTIVE");
    limited.must(await limited.keepAlive(id, 5), limited.voidStatus, "keep-alive");
  });
});
