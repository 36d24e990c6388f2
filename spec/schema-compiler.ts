import { Ajv2020 } from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { Dialect } from "./dialect.ts";
import { openapiDocument } from "./openapi-documents.ts";

// ajv-formats is CommonJS: at run time the default import is the function itself, while its types
// describe the module object, whose `default` member has the function's type.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Keywords OpenAPI allows in schemas that JSON Schema 2020-12 does not know; they carry no validation. */
const annotationKeywords = ["example", "xml", "externalDocs", "discriminator"];

function collectExtensionKeywords(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectExtensionKeywords(item, into);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith("x-")) into.add(key);
      collectExtensionKeywords(child, into);
    }
  }
}

/** Rewrites `#/components/schemas/X` to `<schemaId>#/$defs/X` so compiled schemas resolve against the registry. */
function rewriteReferences(value: unknown, schemaId: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteReferences(item, schemaId));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "$ref" && typeof child === "string" && child.startsWith("#/components/schemas/")) {
      out[key] = `${schemaId}#/$defs/${child.slice("#/components/schemas/".length)}`;
    } else {
      out[key] = rewriteReferences(child, schemaId);
    }
  }
  return out;
}

/** One ajv instance per dialect holding that dialect's component schemas; compiled functions are memoised. */
export class SchemaCompiler {
  readonly dialect: Dialect;
  readonly #ajv: Ajv2020;
  readonly #schemaId: string;
  readonly #compiled = new Map<string, ValidateFunction>();
  /** Schema object -> validator, so the hot path (a schema already seen) costs one lookup. */
  readonly #byIdentity = new WeakMap<object, ValidateFunction>();

  constructor(dialect: Dialect) {
    this.dialect = dialect;
    this.#schemaId = `urn:update-session-conformance:${dialect}`;
    const document = openapiDocument(dialect);
    // allErrors: a finding list should name every problem of a body, not only the first.
    this.#ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: true });
    addFormats(this.#ajv);
    const extensions = new Set<string>();
    collectExtensionKeywords(document.components?.schemas, extensions);
    collectExtensionKeywords(document.paths, extensions);
    for (const keyword of [...annotationKeywords, ...extensions]) this.#ajv.addKeyword({ keyword });
    this.#ajv.addSchema({
      $id: this.#schemaId,
      $defs: rewriteReferences(document.components?.schemas ?? {}, this.#schemaId),
    });
  }

  /**
   * The validator of one schema taken from the document. Memoised by content: most response schemas are
   * the same `$ref` (an error type under every operation), and each distinct one is compiled once.
   */
  compile(schema: object): ValidateFunction {
    const known = this.#byIdentity.get(schema);
    if (known !== undefined) return known;
    const rewritten = rewriteReferences(schema, this.#schemaId) as object;
    const key = JSON.stringify(rewritten);
    let validate = this.#compiled.get(key);
    if (validate === undefined) {
      validate = this.#ajv.compile(rewritten);
      this.#compiled.set(key, validate);
    }
    this.#byIdentity.set(schema, validate);
    return validate;
  }

  /** Resolves a `#/components/schemas/X` reference to the document's schema object, for anyOf splitting. */
  resolve(schema: object): object {
    const ref = (schema as { $ref?: unknown }).$ref;
    if (typeof ref !== "string" || !ref.startsWith("#/components/schemas/")) return schema;
    const name = ref.slice("#/components/schemas/".length);
    const target = openapiDocument(this.dialect).components?.schemas?.[name];
    if (target === undefined) throw new Error(`${this.dialect}: unresolved reference ${ref}`);
    return this.resolve(target);
  }
}

const compilers = new Map<Dialect, SchemaCompiler>();

/** The process-wide compiler of a dialect. */
export function schemaCompiler(dialect: Dialect): SchemaCompiler {
  let compiler = compilers.get(dialect);
  if (compiler === undefined) {
    compiler = new SchemaCompiler(dialect);
    compilers.set(dialect, compiler);
  }
  return compiler;
}
