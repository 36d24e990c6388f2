import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";
import type { FileInfo, Wire } from "./support/update-session-wire.ts";

// PULL: the server fetches http(s) sources itself; other schemes are invalid_argument.
const server = useReferenceServer();

const content = "content the server pulls";
const source = createServer((request, response) => {
  if (request.url === "/file.bin") response.end(content);
  else response.writeHead(404).end();
});
let sourceUrl = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
  sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => source.close(resolve));
});

async function settled(wire: Wire, id: string, name: string): Promise<FileInfo> {
  for (;;) {
    const file = await wire.file(id, name);
    if (file.status !== "WAITING_FOR_TRANSFER" && file.status !== "TRANSFERRING") return file;
    await sleep(10);
  }
}

describe.each(dialects)("%s: PULL", (dialect) => {
  it("fetches an http source, verifies its checksum and completes with it", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const id = await wire.createId(itemId);
    const checksum = createHash("sha256").update(content).digest("hex");
    const added = await wire.addFile(id, {
      name: "file.bin",
      source_type: "PULL",
      source_endpoint: { uri: `${sourceUrl}/file.bin` },
      checksum_info: { algorithm: "SHA256", checksum },
    });
    wire.must(added, wire.createdStatus, "PULL add");
    expect(await settled(wire, id, "file.bin")).toMatchObject({
      status: "READY",
      size: content.length,
      bytes_transferred: content.length,
      source_endpoint: { uri: `${sourceUrl}/file.bin` },
    });
    wire.must(await wire.complete(id), wire.voidStatus, "complete");
    expect((await wire.session(id)).state).toBe("DONE");
    expect(await wire.itemFileNames(itemId)).toEqual(["file.bin"]);
  });

  it("puts the file into ERROR when the source answers 404", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const uri = `${sourceUrl}/missing.bin`;
    wire.must(
      await wire.addFile(id, { name: "m.bin", source_type: "PULL", source_endpoint: { uri } }),
      wire.createdStatus,
      "add",
    );
    const file = await settled(wire, id, "m.bin");
    expect(file.status).toBe("ERROR");
    expect(file.error_message?.default_message).toMatch(/404/);
  });

  it("answers invalid_argument to file and ds source URIs, which this server does not pull", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    for (const uri of ["file:///etc/passwd", "ds:///vmfs/volumes/datastore1/x.vmdk", "not a uri"]) {
      const reply = await wire.addFile(id, { name: "x.bin", source_type: "PULL", source_endpoint: { uri } });
      expect(reply.status).toBe(400);
      expect(wire.errorType(reply)).toBe("INVALID_ARGUMENT");
    }
  });
});
