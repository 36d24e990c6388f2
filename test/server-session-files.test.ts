import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";
import type { FileInfo } from "./support/update-session-wire.ts";

// The file service's view of a session: the item's snapshot plus adds minus removes, and its errors.
const server = useReferenceServer();

describe.each(dialects)("%s: update session files", (dialect) => {
  it("starts from the item's files (source NONE, READY) and lists adds after them", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const first = await wire.createId(itemId);
    await wire.pushFile(first, "base.txt", "12345");
    wire.must(await wire.complete(first), wire.voidStatus, "complete");

    const id = await wire.createId(itemId);
    expect(await wire.file(id, "base.txt")).toMatchObject({
      name: "base.txt",
      source_type: "NONE",
      status: "READY",
      size: 5,
      bytes_transferred: 5,
    });
    await wire.addPushFile(id, { name: "extra.txt" });
    const files = wire.value<FileInfo[]>(wire.must(await wire.listFiles(id), 200, "file list"));
    expect(files.map((file) => [file.name, file.source_type])).toEqual([
      ["base.txt", "NONE"],
      ["extra.txt", "PUSH"],
    ]);
  });

  it("answers invalid_argument to get or remove of a file the session does not have", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    for (const reply of [await wire.getFile(id, "nope.txt"), await wire.removeFile(id, "nope.txt")]) {
      expect(reply.status).toBe(400);
      expect(wire.errorType(reply)).toBe("INVALID_ARGUMENT");
    }
  });

  it("answers invalid_argument to file names with path separators or dot segments and to bad specs", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const specs = [
      { name: "../escape.txt", source_type: "PUSH" },
      { name: "dir/file.txt", source_type: "PUSH" },
      { name: "dir\\file.txt", source_type: "PUSH" },
      { name: "..", source_type: "PUSH" },
      { name: "", source_type: "PUSH" },
      { name: "ok.txt", source_type: "SIDEWAYS" },
      { name: "ok.txt", source_type: "PULL" },
      { name: "ok.txt", source_type: "PUSH", size: -1 },
      { name: "ok.txt", source_type: "PUSH", checksum_info: { algorithm: "SHA1", checksum: "abc" } },
    ];
    for (const spec of specs) {
      const reply = await wire.addFile(id, spec);
      expect(reply.status, JSON.stringify(spec)).toBe(400);
      expect(wire.errorType(reply)).toBe("INVALID_ARGUMENT");
    }
    expect(wire.value(wire.must(await wire.listFiles(id), 200, "file list"))).toEqual([]);
  });

  it("refuses a manifest added after the OVF descriptor, and keeps manifests out of the item", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const id = await wire.createId(itemId);
    const manifest = await wire.pushFile(id, "vm.mf", "SHA1(vm.ovf)= 00");
    expect(manifest.keep_in_storage).toBe(false);
    await wire.pushFile(id, "vm.ovf", "<Envelope/>");
    const late = await wire.addFile(id, { name: "vm.cert", source_type: "PUSH" });
    expect(late.status).toBe(400);
    expect(wire.errorType(late)).toBe("NOT_ALLOWED_IN_CURRENT_STATE");
    wire.must(await wire.complete(id), wire.voidStatus, "complete");
    expect(await wire.itemFileNames(itemId)).toEqual(["vm.ovf"]);
  });

  it("answers invalid_argument to remove once the session ended (remove documents no other 400 error)", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    await wire.addPushFile(id, { name: "a.txt" });
    wire.must(await wire.cancel(id), wire.voidStatus, "cancel");
    const reply = await wire.removeFile(id, "a.txt");
    expect(reply.status).toBe(400);
    expect(wire.errorType(reply)).toBe("INVALID_ARGUMENT");
  });
});
