import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// Two uploads to one file: the one that started last owns it. An upload whose bytes did not become the
// file's content is never told it succeeded, even though the file ends READY (with the other's bytes).
const server = useReferenceServer();

describe.each(dialects)("%s: superseded uploads", (dialect) => {
  it("answers an upload overtaken mid-body by another with an error, and keeps the other's content", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const uri = (await wire.addPushFile(id, { name: "disk.bin" })).upload_endpoint?.uri ?? "";
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slowBody(): AsyncIterable<Uint8Array> {
      yield Buffer.from("01234");
      await gate;
      yield Buffer.from("56789");
    }
    const first = wire.upload(uri, slowBody());
    while ((await wire.file(id, "disk.bin")).bytes_transferred === 0) await sleep(5);

    wire.must(await wire.upload(uri, "abc"), 200, "second upload");
    release();
    const overtaken = await first;
    expect(overtaken.status, overtaken.text).toBe(400);
    expect((overtaken.json as { error_type?: string }).error_type).toBe("NOT_ALLOWED_IN_CURRENT_STATE");
    expect(overtaken.text).toMatch(/superseded/);
    expect(await wire.file(id, "disk.bin")).toMatchObject({ status: "READY", size: 3, bytes_transferred: 3 });
  });

  it("tells exactly one of ten overlapping uploads it succeeded: the one whose bytes the file holds", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const uri = (await wire.addPushFile(id, { name: "race.bin" })).upload_endpoint?.uri ?? "";
    const releases: Array<() => void> = [];
    const uploads = [];
    for (let index = 0; index < 10; index += 1) {
      // Distinct first-chunk sizes show when each upload has reached the server and taken the file over.
      const head = "h".repeat(index + 1);
      const gate = new Promise<void>((resolve) => releases.push(resolve));
      async function* body(): AsyncIterable<Uint8Array> {
        yield Buffer.from(head);
        await gate;
        yield Buffer.from("tail");
      }
      uploads.push(wire.upload(uri, body()));
      while ((await wire.file(id, "race.bin")).bytes_transferred !== head.length) await sleep(5);
    }
    // The owner (the last to start) finishes first; the file is READY when the others finish.
    releases[9]?.();
    await uploads[9];
    for (const release of releases) release();
    const replies = await Promise.all(uploads);
    const succeeded = replies.flatMap((reply, index) => (reply.status === 200 ? [index] : []));
    expect(succeeded).toEqual([9]);
    for (const reply of replies.slice(0, 9)) {
      expect(reply.status, reply.text).toBe(400);
      expect((reply.json as { error_type?: string }).error_type).toBe("NOT_ALLOWED_IN_CURRENT_STATE");
    }
    expect(await wire.file(id, "race.bin")).toMatchObject({ status: "READY", size: 10 + "tail".length });
  });
});
