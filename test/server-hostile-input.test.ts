import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";
import type { Reply } from "./support/reference-client.ts";

// Bad input never crashes the server and never gets a 5xx: each gets a documented 4xx in the dialect's shape.
const server = useReferenceServer();

const createPath = {
  rest: "/rest/com/vmware/content/library/item/update-session",
  api: "/api/content/library/item/update-session",
} as const;

describe.each(dialects)("%s: hostile input", (dialect) => {
  function expectError(wireErrorType: string | undefined, reply: Reply, status: number, type: string): void {
    expect(reply.status, reply.text).toBe(status);
    expect(wireErrorType).toBe(type);
  }

  it("answers invalid_argument to malformed JSON, wrong JSON types and wrong member types", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const bodies: Array<string | Uint8Array> = [
      "{not json",
      '{"create_spec": {"library_item_id": "x"}',
      "[]",
      '"just a string"',
      "null",
      "42",
      new Uint8Array([0xff, 0xfe, 0x00, 0x01]),
      "[".repeat(400_000) + "]".repeat(400_000),
    ];
    for (const rawBody of bodies) {
      const reply = await wire.client.request("POST", createPath[dialect], {
        rawBody,
        headers: { "content-type": "application/json" },
      });
      expectError(wire.errorType(reply), reply, 400, "INVALID_ARGUMENT");
    }
    const specs: unknown[] = [
      { library_item_id: 42 },
      { library_item_id: null },
      { library_item_id: ["x"] },
      { library_item_id: itemId, warning_behavior: { type: "EXPIRED_CERTIFICATE" } },
    ];
    for (const spec of specs) {
      const reply = await wire.client.request("POST", createPath[dialect], {
        body: dialect === "rest" ? { create_spec: spec } : spec,
      });
      expectError(wire.errorType(reply), reply, 400, "INVALID_ARGUMENT");
    }
    if (dialect === "rest") {
      const reply = await wire.client.request("POST", createPath.rest, { body: { create_spec: "item" } });
      expectError(wire.errorType(reply), reply, 400, "INVALID_ARGUMENT");
    }
    const id = await wire.createId(itemId);
    for (const spec of [
      { name: 7, source_type: "PUSH" },
      { name: "a", source_type: "PUSH", size: "big" },
      "file",
    ]) {
      const reply = await wire.addFile(id, spec);
      expectError(wire.errorType(reply), reply, 400, "INVALID_ARGUMENT");
    }
  });

  it("answers invalid_argument to a body over 1 MiB without reading it into memory", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const padding = "x".repeat(2 * 1024 * 1024);
    const spec = { library_item_id: itemId, padding };
    const reply = await wire.client.request("POST", createPath[dialect], {
      body: dialect === "rest" ? { create_spec: spec } : spec,
    });
    expectError(wire.errorType(reply), reply, 400, "INVALID_ARGUMENT");
    expect(wire.value(await wire.list(itemId))).toEqual([]);
  });

  it("answers operation_not_found (404) to unknown routes and actions, and 405 with Allow to unknown methods", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const sessionPath =
      dialect === "rest"
        ? `${createPath.rest}/id:${encodeURIComponent(id)}`
        : `${createPath.api}/${encodeURIComponent(id)}`;
    const actionKey = dialect === "rest" ? "~action" : "action";
    const notFound = [
      await wire.client.request("POST", `${sessionPath}?${actionKey}=explode`, { offSpec: true }),
      await wire.client.request("POST", sessionPath, { offSpec: true }),
      await wire.client.request("GET", `/${dialect}/no/such/thing`, { offSpec: true }),
      await wire.client.request("GET", `${createPath[dialect]}/%E0%A4%A`, { offSpec: true }),
    ];
    for (const reply of notFound) expectError(wire.errorType(reply), reply, 404, "OPERATION_NOT_FOUND");

    const wrongMethod = await wire.client.request("PUT", createPath[dialect], { body: {}, offSpec: true });
    expectError(wire.errorType(wrongMethod), wrongMethod, 405, "OPERATION_NOT_FOUND");
    expect(wrongMethod.headers.allow).toBe("GET, POST");
  });

  it("answers outside both prefixes with a 404 in the api shape", async () => {
    const client = server.anonymous();
    for (const path of ["/", "/favicon.ico", "/restful", "/usc-upload/only-one-part"]) {
      const reply = await client.request("GET", path, { offSpec: true });
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.status, path).toBeLessThan(500);
    }
  });

  it("treats __proto__ members as data and stays up for normal requests afterwards", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const polluting = `{"__proto__": {"polluted": true}, "create_spec": {"library_item_id": "${itemId}", "__proto__": {"x": 1}}, "library_item_id": "${itemId}"}`;
    const reply = await wire.client.request("POST", createPath[dialect], {
      rawBody: polluting,
      headers: { "content-type": "application/json" },
    });
    expect(reply.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await wire.list()).status).toBe(200);
  });
});
