import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import { nameFinder } from "../src/checks/find-by-name.ts";
import { ApiClient } from "../src/client/api-client.ts";
import { FindingsLog } from "../src/client/findings-log.ts";
import { createTransport, type Transport } from "../src/http/index.ts";
import { newRunId, scratchName } from "../src/ledger/index.ts";
import { startHttpServer } from "./support/http-servers.ts";
import type { OperationId } from "../spec/index.ts";

/** Finding what an unconfirmed create made, by its exact name, against the reference server. */
describe("nameFinder", () => {
  let server: ReferenceServerHandle;
  let transport: Transport;
  let client: ApiClient;
  const sent: string[] = [];
  const runId = newRunId();
  let libraryId = "";
  const items: Record<string, string> = {};

  async function create(operationId: OperationId, body: unknown): Promise<string> {
    const response = await client.call(operationId, { body, params: { client_token: crypto.randomUUID() } });
    if (typeof response.value !== "string") throw new Error(`${operationId} answered ${response.status}`);
    return response.value;
  }

  beforeAll(async () => {
    server = await startReferenceServer();
    const inner = createTransport({ insecure: false, timeoutMs: 5000 });
    transport = {
      send: (request) => {
        sent.push(request.operationId ?? request.url);
        return inner.send(request);
      },
      close: () => inner.close(),
    };
    client = new ApiClient({
      dialect: "rest",
      baseUrl: server.url,
      username: "administrator@vsphere.local",
      password: "VMware1!",
      transport,
      findings: new FindingsLog(),
    });
    await client.login();
    const datastores = await client.call("datastore.list");
    const datastore = (datastores.value as Array<{ datastore: string }>)[0]?.datastore ?? "";
    libraryId = await create("library.local.create", {
      name: scratchName(runId, "library"),
      type: "LOCAL",
      storage_backings: [{ type: "DATASTORE", datastore_id: datastore }],
    });
    for (const name of [scratchName(runId, "a"), scratchName(runId, "b"), "someone-elses-item"])
      items[name] = await create("library.item.create", { library_id: libraryId, name });
  });

  afterAll(async () => {
    await client.logout();
    await transport.close();
    await server.close();
  });

  it("finds items by exact name in their library, reading the library once for every intent", async () => {
    const find = nameFinder(client);
    const [a = "", b = ""] = Object.keys(items);
    sent.length = 0;
    expect(await find({ kind: "item", name: a, parentId: libraryId })).toEqual({ id: items[a] });
    expect(await find({ kind: "item", name: b, parentId: libraryId })).toEqual({ id: items[b] });
    expect(await find({ kind: "item", name: scratchName(runId, "c"), parentId: libraryId })).toBe("absent");
    expect(sent).toEqual(["library.item.list", "library.item.get", "library.item.get", "library.item.get"]);
  });

  it("finds a library by name; an item whose library is gone is absent", async () => {
    const find = nameFinder(client);
    const library = await client.call("library.local.get", { params: { library_id: libraryId } });
    const name = (library.value as { name: string }).name;
    expect(await find({ kind: "library", name, parentId: undefined })).toEqual({ id: libraryId });
    expect(await find({ kind: "item", name: scratchName(runId, "a"), parentId: "no-such-library" })).toBe(
      "absent",
    );
    expect(await find({ kind: "update-session", name: "x", parentId: undefined })).toEqual({
      error: "no way to look up a update-session by name",
    });
  });

  it("a target without a library list cannot tell: the library is not taken for absent", async () => {
    const target = await startHttpServer((request, response) => {
      if (request.method === "POST" && request.url === "/api/session") {
        response.writeHead(201, { "content-type": "application/json" });
        return response.end('"token"');
      }
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("Not Found");
    });
    const bare = new ApiClient({
      dialect: "api",
      baseUrl: target.url,
      username: "u",
      password: "p",
      transport,
      findings: new FindingsLog(),
    });
    try {
      await bare.login();
      const outcome = await nameFinder(bare)({
        kind: "library",
        name: scratchName(runId, "library"),
        parentId: undefined,
      });
      expect(outcome).toEqual({ error: "library.local.list answered 404" });
    } finally {
      await target.close();
    }
  });
});
