import type { Dialect } from "./dialect.ts";
import { openapiDocument } from "./openapi-documents.ts";
import { operationsOf } from "./operations.ts";

/**
 * Which schemas of the documents get a validator, and the key each validator is found under. The
 * generator (build time) and the lookup (run time) both go through here, so they cannot disagree.
 */

/** The `$id` under which a dialect's component schemas are registered with ajv. */
export function schemaRegistryId(dialect: Dialect): string {
  return `urn:update-session-conformance:${dialect}`;
}

/** Rewrites `#/components/schemas/X` to `<registryId>#/$defs/X` so compiled schemas resolve against the registry. */
export function rewriteReferences(value: unknown, registryId: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteReferences(item, registryId));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "$ref" && typeof child === "string" && child.startsWith("#/components/schemas/")) {
      out[key] = `${registryId}#/$defs/${child.slice("#/components/schemas/".length)}`;
    } else {
      out[key] = rewriteReferences(child, registryId);
    }
  }
  return out;
}

/**
 * The key of a schema's validator: its text with references rewritten. Keyed by content because most
 * response schemas are the same `$ref` (an error type under every operation), which needs one validator.
 */
export function schemaKey(dialect: Dialect, schema: object): string {
  return JSON.stringify(rewriteReferences(schema, schemaRegistryId(dialect)));
}

/** Resolves a `#/components/schemas/X` reference to the document's schema object, for anyOf splitting. */
export function resolveSchema(dialect: Dialect, schema: object): object {
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/components/schemas/")) return schema;
  const name = ref.slice("#/components/schemas/".length);
  const target = openapiDocument(dialect).components?.schemas?.[name];
  if (target === undefined) throw new Error(`${dialect}: unresolved reference ${ref}`);
  return resolveSchema(dialect, target);
}

/** The alternatives of a schema whose top level is anyOf/oneOf (after resolving a reference), else none. */
export function schemaBranches(dialect: Dialect, schema: object): object[] | undefined {
  const resolved = resolveSchema(dialect, schema) as { anyOf?: object[]; oneOf?: object[] };
  return resolved.anyOf ?? resolved.oneOf;
}

export interface ValidatedSchema {
  schema: object;
  /** The alternatives of a top-level anyOf/oneOf, which are validated one by one. */
  branches: object[];
}

const withBranches = (dialect: Dialect, schema: object): ValidatedSchema => ({
  schema,
  branches: schemaBranches(dialect, schema) ?? [],
});

/** Each request and response schema of the dialect's operations, in document order, repeats left in. */
export function operationSchemas(dialect: Dialect): ValidatedSchema[] {
  const out: ValidatedSchema[] = [];
  for (const operation of operationsOf(dialect).values()) {
    const schemas = [operation.requestBodySchema, ...[...operation.responses.values()].map((r) => r.schema)];
    for (const schema of schemas) if (schema !== undefined) out.push(withBranches(dialect, schema));
  }
  return out;
}

/**
 * A reference to each component schema that is a union (`Error.Any`: any standard error), for checks
 * that ask whether a body is one of its alternatives without an operation to name it.
 */
export function unionComponentSchemas(dialect: Dialect): ValidatedSchema[] {
  const names = Object.keys(openapiDocument(dialect).components?.schemas ?? {});
  return names
    .map((name) => withBranches(dialect, { $ref: `#/components/schemas/${name}` }))
    .filter(({ branches }) => branches.length > 0);
}

/** Every schema a validation can ask for: the operations', then the union components. */
export function validatedSchemas(dialect: Dialect): ValidatedSchema[] {
  return [...operationSchemas(dialect), ...unionComponentSchemas(dialect)];
}
