import { readdirSync, readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import type { ErrorObject } from "ajv";
import { findingsFromAjv } from "../spec/ajv-findings.ts";
import { dialects } from "../spec/dialect.ts";
import { SchemaCompiler } from "../spec/schema-compiler.ts";
import { validatedSchemas } from "../spec/schemas.ts";
import { validatorOf } from "../spec/validators.ts";

/** The seed documents' JSON examples, as printed: valid and invalid bodies for many schemas. */
function seedBodies(): unknown[] {
  const folder = new URL("../fixtures/seed-examples/", import.meta.url);
  return readdirSync(folder)
    .filter((file) => file.endsWith(".json"))
    .map((file) => JSON.parse(readFileSync(new URL(file, folder), "utf8")) as unknown);
}

/** Bodies of every shape: each seed example bare and wrapped, with each member in turn made wrong. */
function corpus(): unknown[] {
  const bodies: unknown[] = [null, {}, [], "text", 0, 1.5, true, { value: {} }, { value: [] }];
  for (const example of seedBodies()) {
    for (const body of [example, { value: example }]) {
      bodies.push(body);
      if (typeof body !== "object" || body === null || Array.isArray(body)) continue;
      for (const key of Object.keys(body)) {
        for (const wrong of [null, "x", 7, [], {}]) bodies.push({ ...body, [key]: wrong });
        const without: Record<string, unknown> = { ...body };
        delete without[key];
        bodies.push(without);
      }
    }
  }
  return bodies;
}

/** ajv's errors less schemaPath, the place in the schema, which the generated code's registry names otherwise. */
const withoutSchemaPath = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map(({ schemaPath: _schemaPath, ...rest }) => rest);

describe("the precompiled validators", () => {
  for (const dialect of dialects) {
    // Compiling every schema at run time (what the generated code replaces) takes seconds under load.
    it(`${dialect}: give the verdict, errors and findings of the same schemas compiled by ajv at run time`, () => {
      const compiler = new SchemaCompiler(dialect);
      const bodies = corpus();
      let compared = 0;
      for (const { schema, branches } of validatedSchemas(dialect)) {
        for (const each of [schema, ...branches]) {
          const compiled = compiler.compile(each);
          const precompiled = validatorOf(dialect, each);
          for (const body of bodies) {
            const outcome = (valid: boolean, errors: ErrorObject[] | null | undefined) => ({
              valid,
              errors: withoutSchemaPath(errors),
              findings: valid ? [] : findingsFromAjv(errors, body),
            });
            const expected = outcome(compiled(body), compiled.errors);
            const actual = outcome(precompiled(body), precompiled.errors);
            // 120,000 comparisons: vitest's expect only where the cheap strict comparison differs (it
            // is stricter than toEqual, so toEqual decides and shows the difference).
            if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
            compared += 1;
          }
        }
      }
      expect(compared).toBeGreaterThan(1000);
    }, 180_000);
  }
});
