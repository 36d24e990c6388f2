import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import {
  compileAllValidators,
  dialects,
  openapiDocument,
  openapiDocumentPath,
  operationsOf,
} from "../spec/index.ts";

/** The operation ids spec/README.md promises; both documents must define each one. */
function promisedOperationIds(): string[] {
  const readme = readFileSync(new URL("../spec/README.md", import.meta.url), "utf8");
  const table = readme.slice(
    readme.search(/\|\s*operation ids\s*\|/),
    readme.indexOf("- **Alternative wire forms**"),
  );
  return [...table.matchAll(/`([a-zA-Z.]+)`/g)].map((m) => m[1] ?? "");
}

describe("the OpenAPI documents", () => {
  for (const dialect of dialects) {
    it(`${dialect}.yaml is valid OpenAPI 3.1`, async () => {
      const validator = new Validator();
      const result = await validator.validate(openapiDocument(dialect));
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      expect(validator.version).toBe("3.1");
    });

    it(`${dialect}.yaml defines every promised operation`, () => {
      const defined = new Set(operationsOf(dialect).keys());
      const promised = promisedOperationIds();
      expect(promised.length).toBe(30);
      expect(promised.filter((id) => !defined.has(id))).toEqual([]);
    });

    it(`${dialect}.yaml path keys carry the dialect's prefix`, () => {
      const prefix = dialect === "rest" ? /^\/rest\// : /^\/api\//;
      for (const operation of operationsOf(dialect).values()) expect(operation.pathKey).toMatch(prefix);
      expect(openapiDocumentPath(dialect)).toMatch(new RegExp(`${dialect}\\.yaml$`));
    });
  }

  it("both dialects name the same operations, except rest's alternative wire forms", () => {
    const rest = [...operationsOf("rest").values()];
    const canonicalRest = rest.filter((op) => op.formOf === undefined).map((op) => op.operationId);
    const api = [...operationsOf("api").keys()];
    expect(new Set(canonicalRest)).toEqual(new Set(api));
    for (const form of rest.filter((op) => op.formOf !== undefined)) {
      expect(form.operationId.startsWith(`${form.formOf}.`), form.operationId).toBe(true);
      expect(operationsOf("rest").has(form.formOf ?? ""), form.operationId).toBe(true);
    }
  });

  it("rest offers the 2014 body-carrying action form of every update session and file operation", () => {
    const ops = operationsOf("rest");
    const canonical = [...ops.keys()].filter(
      (id) => id.startsWith("updateSession.") && ops.get(id)?.formOf === undefined,
    );
    expect(canonical.length).toBe(14);
    expect(canonical.filter((id) => !ops.has(`${id}.bodyAction`))).toEqual([]);
  });

  it("success statuses follow the dialect: rest 200 everywhere; api 201 for creates, 204 for void results", () => {
    const success = (dialect: "rest" | "api", id: string) =>
      [...(operationsOf(dialect).get(id)?.responses.keys() ?? [])].filter((s) => s < 300);
    for (const id of operationsOf("rest").keys()) expect(success("rest", id), id).toEqual([200]);
    expect(success("api", "updateSession.create")).toEqual([201]);
    expect(success("api", "updateSession.file.add")).toEqual([201]);
    for (const id of ["complete", "cancel", "fail", "keepAlive", "delete", "update"]) {
      expect(success("api", `updateSession.${id}`), id).toEqual([204]);
    }
  });

  it("every request and response schema compiles", () => {
    expect(compileAllValidators()).toBeGreaterThan(100);
  });
});
