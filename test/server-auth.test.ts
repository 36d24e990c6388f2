import { describe, expect, it } from "vitest";
import { dialects, operationsOf, type OperationDescription } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";
import { Wire } from "./support/update-session-wire.ts";

// Every documented operation that needs a session answers 401 unauthenticated without a valid one.
const server = useReferenceServer();

function requestPath(operation: OperationDescription): string {
  const path = operation.pathTemplate.replace(/\{[^}]+\}/g, "x");
  const query = new URLSearchParams(operation.fixedQuery).toString();
  return query === "" ? path : `${path}?${query}`;
}

describe.each(dialects)("%s: authentication on every route", (dialect) => {
  const operations = [...operationsOf(dialect).values()].filter((operation) => operation.needsSession);

  it("covers the whole document", () => {
    expect(operations.length).toBeGreaterThan(dialect === "rest" ? 40 : 25);
  });

  for (const [label, token] of [
    ["without a session header", null],
    ["with an unknown session token", "0123456789abcdef0123456789abcdef"],
  ] as const) {
    it(`answers 401 unauthenticated ${label}`, async () => {
      const wire = new Wire(dialect, server.anonymous());
      for (const operation of operations) {
        const reply = await wire.client.request(operation.method, requestPath(operation), {
          token,
          ...(operation.requestBodySchema === undefined ? {} : { body: {} }),
        });
        expect(reply.status, `${operation.operationId} ${operation.method} ${requestPath(operation)}`).toBe(
          401,
        );
        expect(wire.errorType(reply), operation.operationId).toBe("UNAUTHENTICATED");
      }
    });
  }

  it("answers 401 to an upload without a session header", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const info = await wire.addPushFile(id, { name: "a.txt" });
    const reply = await wire.upload(info.upload_endpoint?.uri ?? "", "bytes", { token: null });
    expect(reply.status).toBe(401);
  });
});
