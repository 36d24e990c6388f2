/**
 * Turns a spec schema into a Pact body template: the members the documents say are always present, each
 * with a matcher loose enough for any conforming value (ids and names by type, enums by an anchored regex,
 * date-times by the RFC 3339 grammar, constants exactly) and an example the consumer side is served.
 */
import type { OpenAPIV3_1 } from "openapi-types";
import { openapiDocument, type Dialect } from "../../spec/index.ts";
import { arrayOf, boolean, equal, integer, like, number, regex } from "./matchers.ts";

type Schema = OpenAPIV3_1.SchemaObject | OpenAPIV3_1.ReferenceObject;

/**
 * `format: date-time` is RFC 3339 with a zone (spec/README.md). Pact's datetime matcher takes one fixed
 * pattern and cannot make the fraction optional or accept both `Z` and an offset, so the grammar is a regex.
 */
export const rfc3339DateTime = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|z|[+-]\\d{2}:\\d{2})$";

const exampleDateTime = "2030-01-01T12:00:00.000Z";

/** Examples by member name, so the pact reads like the documents' own examples. */
const examplesByName: Record<string, string> = {
  // Unnamed strings in success bodies are ids: the create result and the list items.
  "": "5f1c2e4a-0c3b-4d8e-9a71-6b2f0d3c4e5f",
  value: "5f1c2e4a-0c3b-4d8e-9a71-6b2f0d3c4e5f",
  // The only required `id` member is a LocalizableMessage's, which names the message.
  id: "com.vmware.vdcs.cls-main.example_message",
  library_item_id: "8d3e1a2b-7c4f-4e6a-b5d9-0f1e2d3c4b5a",
  library_item_content_version: "1",
  default_message: "A message from the server.",
  name: "conformance.txt",
  uri: "https://vcenter.example/cls/data/upload/conformance.txt",
};

export class SchemaTemplateError extends Error {}

function isReference(schema: unknown): schema is OpenAPIV3_1.ReferenceObject {
  return typeof schema === "object" && schema !== null && "$ref" in schema;
}

/** The component a `#/components/schemas/<name>` reference names. */
export function resolveSchema(dialect: Dialect, schema: Schema): OpenAPIV3_1.SchemaObject {
  let current: Schema = schema;
  for (let depth = 0; isReference(current); depth += 1) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref)?.[1];
    const target = name === undefined ? undefined : openapiDocument(dialect).components?.schemas?.[name];
    if (target === undefined || depth > 20)
      throw new SchemaTemplateError(`${dialect}: cannot resolve ${current.$ref}`);
    current = target;
  }
  return current;
}

function typeOf(schema: OpenAPIV3_1.SchemaObject): string | undefined {
  const type: unknown = schema.type;
  if (Array.isArray(type)) return (type as string[]).find((t) => t !== "null");
  return typeof type === "string" ? type : undefined;
}

function stringTemplate(schema: OpenAPIV3_1.SchemaObject, member: string): unknown {
  const values = schema.enum as unknown[] | undefined;
  const [first] = values ?? [];
  if (values !== undefined && typeof first === "string" && values.every((v) => typeof v === "string")) {
    const alternatives = values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return regex(`^(${alternatives.join("|")})$`, first);
  }
  if (schema.format === "date-time") return regex(rfc3339DateTime, exampleDateTime);
  return like(examplesByName[member] ?? `example ${member}`);
}

/**
 * The template of a schema. Only required members are in it: Pact fails a response that lacks an expected
 * member and ignores extra ones, which is exactly how open objects with optional members behave.
 */
export function templateOf(dialect: Dialect, schema: Schema, member = ""): unknown {
  const resolved = resolveSchema(dialect, schema);
  if ("const" in resolved) return equal(resolved.const);
  const branches = resolved.anyOf ?? resolved.oneOf;
  if (branches !== undefined && branches.length > 0) {
    // A choice of shapes has no single template; the caller picks the branch it means (an error type).
    throw new SchemaTemplateError(`${dialect}: ${member || "a body"} is one of several schemas; pick one`);
  }
  if (resolved.allOf !== undefined) {
    const parts = resolved.allOf.map((part) => templateOf(dialect, part, member));
    return Object.assign({}, ...parts) as unknown;
  }
  switch (typeOf(resolved)) {
    case "string":
      return stringTemplate(resolved, member);
    case "integer":
      return integer(typeof resolved.minimum === "number" ? resolved.minimum : 0);
    case "number":
      return number(0.5);
    case "boolean":
      return boolean(false);
    case "array": {
      const items = (resolved as OpenAPIV3_1.ArraySchemaObject).items as Schema | undefined;
      const item = items === undefined ? like("item") : templateOf(dialect, items, member);
      return arrayOf(item, resolved.minItems ?? 0);
    }
    case "object":
    case undefined: {
      const required = resolved.required ?? [];
      const properties = resolved.properties ?? {};
      if (required.length === 0) return like({});
      return Object.fromEntries(
        required.map((name) => {
          const property = properties[name];
          if (property === undefined)
            throw new SchemaTemplateError(`${dialect}: required member ${name} has no schema`);
          return [name, templateOf(dialect, property, name)];
        }),
      );
    }
    default:
      throw new SchemaTemplateError(`${dialect}: no template for type ${String(resolved.type)}`);
  }
}
