import { readFileSync } from "node:fs";
import { sha256 } from "./hash.ts";

/** The transcription a certification was judged against: each file by its path under spec/, with its SHA-256. */
export interface TranscriptionHashes {
  /** The OpenAPI documents, one per dialect. */
  openapi: Record<string, string>;
  /** The requirements catalogue every check cites. */
  requirements: Record<string, string>;
  /** The rulings where the documents disagree. */
  errata: Record<string, string>;
}

const openapiFiles = ["spec/openapi/rest.yaml", "spec/openapi/api.yaml"];

/** Two folders up from src/certify is the repository; from dist/src/certify it is dist/, where the build copies spec/. */
function readSpecFile(path: string): Buffer {
  return readFileSync(new URL(`../../${path}`, import.meta.url));
}

function hashes(paths: readonly string[]): Record<string, string> {
  return Object.fromEntries(paths.map((path) => [path, sha256(readSpecFile(path))]));
}

export function transcriptionHashes(): TranscriptionHashes {
  return {
    openapi: hashes(openapiFiles),
    requirements: hashes(["spec/requirements.yaml"]),
    errata: hashes(["spec/errata.yaml"]),
  };
}
