import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// The provisioning calls a conformance run needs: datastores, local libraries, items and their files.
const server = useReferenceServer();

describe.each(dialects)("%s: provisioning", (dialect) => {
  it("lists datastores, filtered by name", async () => {
    const wire = await server.wire(dialect);
    const path = dialect === "rest" ? "/rest/vcenter/datastore" : "/api/vcenter/datastore";
    const all = wire.value<Array<{ datastore: string; name: string }>>(
      await wire.client.request("GET", path),
    );
    expect(all.map((datastore) => datastore.datastore)).toContain("datastore-11");
    const filter = dialect === "rest" ? "filter.names" : "names";
    const one = wire.value<Array<{ name: string }>>(
      await wire.client.request("GET", `${path}?${filter}=datastore1`),
    );
    expect(one.map((datastore) => datastore.name)).toEqual(["datastore1"]);
  });

  it("creates, reads and deletes a local library and its items", async () => {
    const wire = await server.wire(dialect);
    const libraryId = await wire.createLibrary();
    const library = wire.value<{ id: string; type: string; creation_time: string }>(
      wire.must(await wire.getLibrary(libraryId), 200, "library get"),
    );
    expect(library).toMatchObject({ id: libraryId, type: "LOCAL" });
    expect(library.creation_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const itemId = await wire.createItem(libraryId, "my-item");
    expect(wire.value(await wire.listItems(libraryId))).toEqual([itemId]);
    expect(await wire.item(itemId)).toMatchObject({
      id: itemId,
      library_id: libraryId,
      name: "my-item",
      content_version: "1",
      size: 0,
    });
    expect(wire.value(wire.must(await wire.itemFiles(itemId), 200, "item files"))).toEqual([]);

    wire.must(await wire.deleteItem(itemId), wire.voidStatus, "item delete");
    expect(wire.errorType(await wire.getItem(itemId))).toBe("NOT_FOUND");
    wire.must(await wire.deleteLibrary(libraryId), wire.voidStatus, "library delete");
    expect(wire.errorType(await wire.getLibrary(libraryId))).toBe("NOT_FOUND");
  });

  it("ends an item's ACTIVE session in ERROR when the item is deleted", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const id = await wire.createId(itemId);
    wire.must(await wire.deleteItem(itemId), wire.voidStatus, "item delete");
    const session = await wire.session(id);
    expect(session.state).toBe("ERROR");
    expect(session.error_message?.default_message).toMatch(/deleted/);
  });

  it("answers not_found to create on an item that does not exist, and invalid_argument to a spec without one", async () => {
    const wire = await server.wire(dialect);
    const missing = await wire.create("6f1b7a2c-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
    expect(wire.errorType(missing)).toBe("NOT_FOUND");
    const invalid = await wire.create("", { spec: {} });
    expect(invalid.status).toBe(400);
    expect(wire.errorType(invalid)).toBe("INVALID_ARGUMENT");
  });

  it("answers invalid_element_type when a library is addressed as the other kind", async () => {
    const wire = await server.wire(dialect);
    const libraryId = await wire.createLibrary();
    const reply = await wire.getLibrary(libraryId, "subscribed");
    expect(reply.status).toBe(400);
    expect(wire.errorType(reply)).toBe("INVALID_ELEMENT_TYPE");
  });
});
