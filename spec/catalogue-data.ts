/**
 * The raw data of spec/requirements.yaml and spec/errata.yaml, read once per process. Taken from the JSON
 * form `npm run generate:validators` writes beside the validators, which parses in a millisecond where
 * the YAML takes a few hundred (most of a run's start-up); from the YAML itself whenever that form is
 * missing or was generated from other text, so an edit to the YAML is never shadowed by stale JSON.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { yaml } from "./yaml.ts";

export type CatalogueFile = "requirements" | "errata";

export const catalogueFiles: readonly CatalogueFile[] = ["requirements", "errata"];

/** What a generated catalogue file holds: the parsed YAML and the digest of the text it came from. */
export interface GeneratedCatalogue {
  sourceDigest: string;
  data: unknown;
}

export function catalogueSourceUrl(file: CatalogueFile): URL {
  return new URL(`./${file}.yaml`, import.meta.url);
}

export function generatedCatalogueUrl(file: CatalogueFile): URL {
  return new URL(`./generated/${file}.json`, import.meta.url);
}

/** sha256 of the text with its line endings normalised, so a checkout that converts them still matches. */
export function catalogueDigest(text: string): string {
  return createHash("sha256").update(text.replace(/\r\n/g, "\n")).digest("hex");
}

/** The YAML parsed, every time: the source of truth, and what the generator writes out. */
export function parseCatalogueSource(file: CatalogueFile): { data: unknown; digest: string } {
  const text = readFileSync(catalogueSourceUrl(file), "utf8");
  return { data: yaml().parse(text), digest: catalogueDigest(text) };
}

function generatedData(file: CatalogueFile, digest: string): { data: unknown } | undefined {
  try {
    const generated = JSON.parse(readFileSync(generatedCatalogueUrl(file), "utf8")) as GeneratedCatalogue;
    return generated.sourceDigest === digest ? { data: generated.data } : undefined;
  } catch {
    return undefined;
  }
}

/** The file's data: the generated form when it matches the YAML's text as it is now, else the YAML parsed. */
export function readCatalogueData(file: CatalogueFile): unknown {
  const text = readFileSync(catalogueSourceUrl(file), "utf8");
  return generatedData(file, catalogueDigest(text))?.data ?? yaml().parse(text);
}
