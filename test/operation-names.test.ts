import { describe, expect, it } from "vitest";
import { apiDialect } from "../server/dialects/api.ts";
import { restDialect } from "../server/dialects/rest.ts";
import { operationIds } from "../spec/generated/operation-ids.ts";

// One name per operation: the documents' operationId. The client, suites, fuzz commands and pact are held
// to it by the compiler (OperationId, test/check-id-types.test.ts); the reference server imports nothing of
// the harness, so its routes are held to it here: each dialect serves exactly the operations its document
// declares, under the documents' names, each once.

describe("the reference server's routes", () => {
  it.each([restDialect, apiDialect])("of $name name each operation of the document once", (dialect) => {
    const served = dialect.routes.map((route) => route.operationId);
    expect([...served].sort()).toEqual([...operationIds[dialect.name]].sort());
    expect(new Set(served).size).toBe(served.length);
  });
});
