import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// A file name with an unpaired UTF-16 surrogate has no UTF-8 form, so no upload or api path can name it:
// file add refuses it with invalid_argument for every source type instead of failing (500) or accepting it.
const server = useReferenceServer();

const specs = {
  PUSH: {},
  PULL: { source_endpoint: { uri: "http://127.0.0.1:9/never-fetched.vmdk" } },
} as const;

describe.each(dialects)("%s: file names that are not valid Unicode", (dialect) => {
  for (const [sourceType, extra] of Object.entries(specs)) {
    it(`refuses an unpaired surrogate with invalid_argument (${sourceType})`, async () => {
      const wire = await server.wire(dialect);
      const id = await wire.createId(await wire.provisionItem());
      for (const name of ["a\ud800.vmdk", "\udc00b.vmdk", "tail\ud83d"]) {
        const reply = await wire.addFile(id, { name, source_type: sourceType, ...extra });
        expect(reply.status, reply.text).toBe(400);
        expect(wire.errorType(reply)).toBe("INVALID_ARGUMENT");
        expect(reply.text).toMatch(/surrogate/);
      }
      const files = wire.value<unknown[]>(wire.must(await wire.listFiles(id), 200, "file list"));
      expect(files).toEqual([]);
    });
  }

  it("accepts a well-formed surrogate pair, uploads to it and addresses it", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const name = "disk-\ud83d\ude00.vmdk";
    const info = await wire.addPushFile(id, { name, size: 3 });
    wire.must(await wire.upload(info.upload_endpoint?.uri ?? "", "abc"), 200, "upload");
    expect(await wire.file(id, name)).toMatchObject({ name, status: "READY", size: 3 });
  });
});
