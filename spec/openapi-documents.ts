import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { OpenAPIV3_1 } from "openapi-types";
import { parse } from "yaml";
import type { Dialect } from "./dialect.ts";

const documentUrls: Record<Dialect, URL> = {
  rest: new URL("./openapi/rest.yaml", import.meta.url),
  api: new URL("./openapi/api.yaml", import.meta.url),
};

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

/** The parsed OpenAPI document of a dialect, read once per process. */
export function openapiDocument(dialect: Dialect): OpenAPIV3_1.Document {
  let document = cache.get(dialect);
  if (document === undefined) {
    const parsed: unknown = parse(readDocumentText(dialect));
    if (typeof parsed !== "object" || parsed === null || !("openapi" in parsed) || !("paths" in parsed)) {
      throw new Error(`spec/openapi/${dialect}.yaml is not an OpenAPI document`);
    }
    document = parsed as OpenAPIV3_1.Document;
    cache.set(dialect, document);
  }
  return document;
}

/** The file a dialect's document is read from, for messages and for the OpenAPI validity test. */
export function openapiDocumentPath(dialect: Dialect): string {
  return documentUrls[dialect].pathname;
}
