import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// PUSH uploads: the endpoint file add hands out, size and checksum verification, status and byte counts.
const server = useReferenceServer();

const content = "The quick brown fox jumps over the lazy dog";
const digest = (algorithm: string) => createHash(algorithm).update(content).digest("hex");

describe.each(dialects)("%s: PUSH upload", (dialect) => {
  it("hands out an upload endpoint on this server and reports WAITING_FOR_TRANSFER with 0 bytes", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const info = await wire.addPushFile(id, { name: "fox.txt", size: content.length });
    expect(info).toMatchObject({
      name: "fox.txt",
      source_type: "PUSH",
      status: "WAITING_FOR_TRANSFER",
      bytes_transferred: 0,
    });
    expect(info.size).toBeUndefined();
    expect(new URL(info.upload_endpoint?.uri ?? "").origin).toBe(server.url);
  });

  for (const [algorithm, node] of [
    ["SHA1", "sha1"],
    ["MD5", "md5"],
    ["SHA256", "sha256"],
    ["SHA512", "sha512"],
  ] as const) {
    it(`verifies a ${algorithm} checksum and size, then reports READY with size and bytes_transferred`, async () => {
      const wire = await server.wire(dialect);
      const id = await wire.createId(await wire.provisionItem());
      const checksum = { algorithm, checksum: digest(node).toUpperCase() };
      const info = await wire.addPushFile(id, {
        name: "fox.txt",
        size: content.length,
        checksum_info: checksum,
      });
      wire.must(await wire.upload(info.upload_endpoint?.uri ?? "", content), 200, "upload");
      expect(await wire.file(id, "fox.txt")).toMatchObject({
        status: "READY",
        size: content.length,
        bytes_transferred: content.length,
        checksum_info: checksum,
      });
    });
  }

  it("puts a file whose checksum does not match into ERROR and answers the upload with 400", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const info = await wire.addPushFile(id, {
      name: "fox.txt",
      checksum_info: { algorithm: "SHA256", checksum: "0".repeat(64) },
    });
    const reply = await wire.upload(info.upload_endpoint?.uri ?? "", content);
    expect(reply.status).toBe(400);
    const file = await wire.file(id, "fox.txt");
    expect(file.status).toBe("ERROR");
    expect(file.error_message?.default_message).toMatch(/checksum/);
  });

  it("puts a file whose size does not match into ERROR", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const info = await wire.addPushFile(id, { name: "fox.txt", size: content.length + 1 });
    expect((await wire.upload(info.upload_endpoint?.uri ?? "", content)).status).toBe(400);
    const file = await wire.file(id, "fox.txt");
    expect(file).toMatchObject({ status: "ERROR", bytes_transferred: content.length });
    expect(file.error_message?.default_message).toMatch(/declared/);
  });

  it("accepts POST as the official Python sample sends it, and a second upload that fixes a failed one", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const info = await wire.addPushFile(id, { name: "fox.txt", size: content.length });
    expect((await wire.upload(info.upload_endpoint?.uri ?? "", "short")).status).toBe(400);
    wire.must(
      await wire.upload(info.upload_endpoint?.uri ?? "", content, { method: "POST" }),
      200,
      "POST upload",
    );
    expect((await wire.file(id, "fox.txt")).status).toBe("READY");
  });

  it("requires the session header, and refuses uploads once the session ended", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const info = await wire.addPushFile(id, { name: "fox.txt" });
    const uri = info.upload_endpoint?.uri ?? "";
    const anonymous = await wire.upload(uri, content, { token: null });
    expect(anonymous.status).toBe(401);
    expect((anonymous.json as { error_type?: string }).error_type).toBe("UNAUTHENTICATED");
    expect((await wire.file(id, "fox.txt")).status).toBe("WAITING_FOR_TRANSFER");

    wire.must(await wire.cancel(id), wire.voidStatus, "cancel");
    const late = await wire.upload(uri, content);
    expect(late.status).toBe(400);
    expect((late.json as { error_type?: string }).error_type).toBe("NOT_ALLOWED_IN_CURRENT_STATE");
  });

  it("replaces a file added again under the same name: one entry, waiting for the new content", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    await wire.pushFile(id, "fox.txt", content);
    const again = await wire.addPushFile(id, { name: "fox.txt", size: 3 });
    expect(again).toMatchObject({ status: "WAITING_FOR_TRANSFER", bytes_transferred: 0 });
    const files = wire.value<Array<{ name: string }>>(wire.must(await wire.listFiles(id), 200, "file list"));
    expect(files.map((file) => file.name)).toEqual(["fox.txt"]);
  });

  it("reports TRANSFERRING with the bytes received so far, and refuses the rest once the session is canceled", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const id = await wire.createId(itemId);
    const info = await wire.addPushFile(id, { name: "slow.bin" });
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* body(): AsyncIterable<Uint8Array> {
      yield Buffer.from("first part ");
      await gate;
      yield Buffer.from("second part");
    }
    const uploading = wire.upload(info.upload_endpoint?.uri ?? "", body());
    let file = await wire.file(id, "slow.bin");
    while (file.bytes_transferred === 0) {
      await sleep(5);
      file = await wire.file(id, "slow.bin");
    }
    expect(file).toMatchObject({ status: "TRANSFERRING", bytes_transferred: "first part ".length });
    wire.must(await wire.cancel(id), wire.voidStatus, "cancel");
    release();
    const reply = await uploading;
    expect(reply.status).toBe(400);
    expect((reply.json as { error_type?: string }).error_type).toBe("NOT_ALLOWED_IN_CURRENT_STATE");
    expect(await wire.itemFileNames(itemId)).toEqual([]);
  });
});
