import { Ajv2020, _ } from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { Dialect } from "./dialect.ts";
import { openapiDocument } from "./openapi-documents.ts";
import { rewriteReferences, schemaKey, schemaRegistryId } from "./schemas.ts";

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

export interface SchemaCompilerOptions {
  /** Keep each validator's source, one statement a line, for ajv's standalone code generation. */
  standalone?: boolean;
  /**
   * More schemas to register beside the components, by name. Validators taken from the registry as
   * `<registryId>#/$defs/<name>` share the code of the components they reference; compiled as
   * separate schemas, each would carry its own copy.
   */
  extraDefinitions?: Record<string, object>;
}

/**
 * Compiles the documents' schemas with ajv: one instance per dialect holding that dialect's component
 * schemas. The validators a run uses are generated from this at build time (spec/codegen.ts);
 * compiling at run time is left to the generator and the benchmark.
 */
export class SchemaCompiler {
  readonly dialect: Dialect;
  readonly ajv: Ajv2020;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(dialect: Dialect, options: SchemaCompilerOptions = {}) {
    this.dialect = dialect;
    const registryId = schemaRegistryId(dialect);
    const document = openapiDocument(dialect);
    // allErrors: a finding list should name every problem of a body, not only the first.
    this.ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      strictRequired: false,
      validateFormats: true,
      ...(options.standalone === true
        ? { code: { source: true, lines: true, formats: standaloneFormats() } }
        : {}),
    });
    addFormats(this.ajv);
    const extensions = new Set<string>();
    collectExtensionKeywords(document.components?.schemas, extensions);
    collectExtensionKeywords(document.paths, extensions);
    for (const keyword of [...annotationKeywords, ...extensions]) this.ajv.addKeyword({ keyword });
    const components = rewriteReferences(document.components?.schemas ?? {}, registryId) as object;
    this.ajv.addSchema({ $id: registryId, $defs: { ...components, ...options.extraDefinitions } });
  }

  /** The validator of one schema taken from the document, compiled once per distinct key. */
  compile(schema: object): ValidateFunction {
    const key = schemaKey(this.dialect, schema);
    let validate = this.#compiled.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(JSON.parse(key) as object);
      this.#compiled.set(key, validate);
    }
    return validate;
  }
}

/** The code by which a generated module gets the format functions: ajv-formats' full set, as addFormats adds. */
function standaloneFormats() {
  // ajv's `_` tag marks the text as code to paste, not a string to quote.
  return _`require("ajv-formats/dist/formats").fullFormats`;
}
