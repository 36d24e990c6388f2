import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";
import type { Wire } from "./support/update-session-wire.ts";

// Modifications are invisible until complete; cancel and fail discard them.
const server = useReferenceServer();

/** An item that already holds one completed file, so there is something to replace and remove. */
async function itemWithFile(wire: Wire): Promise<string> {
  const itemId = await wire.provisionItem();
  const id = await wire.createId(itemId);
  await wire.pushFile(id, "original.txt", "first");
  wire.must(await wire.complete(id), wire.voidStatus, "complete");
  return itemId;
}

describe.each(dialects)("%s: visibility of a session's changes", (dialect) => {
  it("changes the item's files and content_version only when the session completes", async () => {
    const wire = await server.wire(dialect);
    const itemId = await itemWithFile(wire);
    const before = await wire.item(itemId);
    const id = await wire.createId(itemId);
    expect((await wire.session(id)).library_item_content_version).toBe(before.content_version);

    await wire.pushFile(id, "added.txt", "new content");
    wire.must(await wire.removeFile(id, "original.txt"), wire.voidStatus, "remove");
    // The session's view already shows the change...
    const sessionFiles = wire.value<Array<{ name: string }>>(
      wire.must(await wire.listFiles(id), 200, "file list"),
    );
    expect(sessionFiles.map((file) => file.name)).toEqual(["added.txt"]);
    // ...the item does not.
    expect(await wire.itemFileNames(itemId)).toEqual(["original.txt"]);
    expect((await wire.item(itemId)).content_version).toBe(before.content_version);

    wire.must(await wire.complete(id), wire.voidStatus, "complete");
    expect(await wire.itemFileNames(itemId)).toEqual(["added.txt"]);
    const after = await wire.item(itemId);
    expect(Number(after.content_version)).toBeGreaterThan(Number(before.content_version));
    expect(after.size).toBe(Buffer.byteLength("new content"));
  });

  it("empties the item when every file was removed in the session", async () => {
    const wire = await server.wire(dialect);
    const itemId = await itemWithFile(wire);
    const id = await wire.createId(itemId);
    wire.must(await wire.removeFile(id, "original.txt"), wire.voidStatus, "remove");
    expect(wire.value(wire.must(await wire.listFiles(id), 200, "file list"))).toEqual([]);
    wire.must(await wire.complete(id), wire.voidStatus, "complete");
    expect(await wire.itemFileNames(itemId)).toEqual([]);
  });

  for (const ending of ["cancel", "fail"] as const) {
    it(`discards everything received when the session ends with ${ending}`, async () => {
      const wire = await server.wire(dialect);
      const itemId = await itemWithFile(wire);
      const before = await wire.item(itemId);
      const id = await wire.createId(itemId);
      await wire.pushFile(id, "added.txt", "new content");
      wire.must(await wire.removeFile(id, "original.txt"), wire.voidStatus, "remove");
      const reply = ending === "cancel" ? await wire.cancel(id) : await wire.fail(id, "abandoned");
      wire.must(reply, wire.voidStatus, ending);
      expect(await wire.itemFileNames(itemId)).toEqual(["original.txt"]);
      expect((await wire.item(itemId)).content_version).toBe(before.content_version);
    });
  }

  it("refuses to complete while an added file is not fully received, and validate names it", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const id = await wire.createId(itemId);
    await wire.addPushFile(id, { name: "missing.bin", size: 3 });
    const bad = await wire.addPushFile(id, { name: "corrupt.bin", size: 3 });
    wire.must(await wire.upload(bad.upload_endpoint?.uri ?? "", "toolong"), 400, "oversized upload");

    const validation = wire.value<{
      has_errors: boolean;
      missing_files: string[];
      invalid_files: Array<{ name: string; error_message: { default_message: string } }>;
    }>(wire.must(await wire.validate(id), 200, "validate"));
    expect(validation.has_errors).toBe(true);
    expect(validation.missing_files).toEqual(["missing.bin"]);
    expect(validation.invalid_files.map((file) => file.name)).toEqual(["corrupt.bin"]);

    const refused = await wire.complete(id);
    expect(refused.status).toBe(400);
    expect(wire.errorType(refused)).toBe("NOT_ALLOWED_IN_CURRENT_STATE");
    expect((await wire.session(id)).state).toBe("ACTIVE");
    expect(await wire.itemFileNames(itemId)).toEqual([]);
  });
});
