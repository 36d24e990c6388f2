import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { OpenAPIV3_1 } from "openapi-types";
import { yaml } from "./yaml.ts";
import type { Dialect } from "./dialect.ts";

const documentUrls: Record<Dialect, URL> = {
  rest: new URL("./openapi/rest.yaml", import.meta.url),
  api: new URL("./openapi/api.yaml", import.meta.url),
};

/** The document of each dialect as JSON, written with the validators (`npm run generate:validators`). */
export function generatedDocumentUrl(dialect: Dialect): URL {
  return new URL(`./generated/${dialect}.json`, import.meta.url);
}

/** What a generated document file holds: the parsed document and the digest of the YAML it came from. */
export interface GeneratedDocument {
  sourceDigest: string;
  document: OpenAPIV3_1.Document;
}

const cache = new Map<Dialect, OpenAPIV3_1.Document>();
const digests = new Map<Dialect, string>();

function readDocumentText(dialect: Dialect): string {
  const text = readFileSync(documentUrls[dialect], "utf8");
  // Line endings are normalised so a checkout that converts them still matches what was generated.
  digests.set(dialect, createHash("sha256").update(text.replace(/\r\n/g, "\n")).digest("hex"));
  return text;
}

/** sha256 of a dialect's document text, by which generated code tells whether it is stale. */
export function openapiDocumentDigest(dialect: Dialect): string {
  let digest = digests.get(dialect);
  if (digest === undefined) {
    readDocumentText(dialect);
    digest = digests.get(dialect) ?? "";
  }
  return digest;
}

/** Parses a dialect's YAML, every time: the source of truth, and what the generator writes out. */
export function parseOpenapiDocument(dialect: Dialect): OpenAPIV3_1.Document {
  const parsed: unknown = yaml().parse(readDocumentText(dialect));
  if (typeof parsed !== "object" || parsed === null || !("openapi" in parsed) || !("paths" in parsed)) {
    throw new Error(`spec/openapi/${dialect}.yaml is not an OpenAPI document`);
  }
  return parsed as OpenAPIV3_1.Document;
}

/** The generated JSON form of the document, when it was generated from the YAML as it is now. */
function generatedDocument(dialect: Dialect): OpenAPIV3_1.Document | undefined {
  let generated: GeneratedDocument;
  try {
    generated = JSON.parse(readFileSync(generatedDocumentUrl(dialect), "utf8")) as GeneratedDocument;
  } catch {
    return undefined;
  }
  return generated.sourceDigest === openapiDocumentDigest(dialect) ? generated.document : undefined;
}

/**
 * The parsed OpenAPI document of a dialect, read once per process. Taken from its generated JSON form,
 * which parses in milliseconds where the YAML takes most of a second; from the YAML itself when that
 * form is missing or stale (the validators then refuse to run until regenerated).
 */
export function openapiDocument(dialect: Dialect): OpenAPIV3_1.Document {
  let document = cache.get(dialect);
  if (document === undefined) {
    document = generatedDocument(dialect) ?? parseOpenapiDocument(dialect);
    cache.set(dialect, document);
  }
  return document;
}

/** The file a dialect's document is read from, for messages and for the OpenAPI validity test. */
export function openapiDocumentPath(dialect: Dialect): string {
  return documentUrls[dialect].pathname;
}
