import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const files = ["openapi/rest.yaml", "openapi/api.yaml", "requirements.yaml", "errata.yaml"];

/** sha256 over the transcription a run checked against, so a report says exactly which rules applied. */
export function specHash(): string {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(file);
    hash.update(readFileSync(new URL(`../../spec/${file}`, import.meta.url)));
  }
  return hash.digest("hex");
}
