import { describe, expect, it } from "vitest";
import { useReferenceServer } from "./support/reference-server.ts";
import { Wire } from "./support/update-session-wire.ts";

// Both dialects operate on one state: whatever one creates, the other sees and can operate on.
const server = useReferenceServer();

describe("one state behind both dialects", () => {
  it("a session created through rest is visible and operable through api", async () => {
    const rest = await server.wire("rest");
    const api = await server.wire("api");
    const itemId = await rest.provisionItem();
    const id = await rest.createId(itemId);

    const seen = await api.session(id);
    expect(seen).toEqual(await rest.session(id));
    expect(api.value<string[]>(api.must(await api.list(itemId), 200, "api list"))).toEqual([id]);

    const info = await api.addPushFile(id, { name: "disk.vmdk", size: 4 });
    api.must(await api.upload(info.upload_endpoint?.uri ?? "", "abcd"), 200, "upload");
    expect(rest.value(rest.must(await rest.validate(id), 200, "rest validate"))).toEqual({
      has_errors: false,
      missing_files: [],
      invalid_files: [],
    });
    api.must(await api.complete(id), 204, "api complete");
    expect((await rest.session(id)).state).toBe("DONE");
    expect(await rest.itemFileNames(itemId)).toEqual(["disk.vmdk"]);
    rest.must(await rest.delete(id), 200, "rest delete");
    expect((await api.get(id)).status).toBe(404);
  });

  it("a session created through api is visible and operable through rest", async () => {
    const api = await server.wire("api");
    const rest = await server.wire("rest");
    const itemId = await api.provisionItem();
    const id = await api.createId(itemId);

    rest.must(await rest.keepAlive(id, 42), 200, "rest keep-alive");
    expect((await api.session(id)).client_progress).toBe(42);
    expect(rest.value<string[]>(rest.must(await rest.list(itemId), 200, "rest list"))).toEqual([id]);
    rest.must(await rest.cancel(id), 200, "rest cancel");
    expect((await api.session(id)).state).toBe("CANCELED");
    api.must(await api.delete(id), 204, "api delete");
    expect((await rest.get(id)).status).toBe(404);
  });

  it("a login token from one dialect authenticates the other", async () => {
    const rest = await server.wire("rest");
    const api = new Wire("api", rest.client);
    const itemId = await api.provisionItem();
    expect((await api.getItem(itemId)).status).toBe(200);
    expect((await rest.getItem(itemId)).status).toBe(200);
  });
});
