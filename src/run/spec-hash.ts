import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const files = ["openapi/rest.yaml", "openapi/api.yaml", "requirements.yaml", "errata.yaml"];

let computed: string | undefined;

/**
 * sha256 over the transcription a run checked against, so a report says exactly which rules applied.
 * Worked out once per process: the validators and the catalogue a process checks with are those it loaded
 * at start, and a process making many runs (the catch matrix: about 170) read and hashed 560 KB for each.
 */
export function specHash(): string {
  if (computed !== undefined) return computed;
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(file);
    hash.update(readFileSync(new URL(`../../spec/${file}`, import.meta.url)));
  }
  computed = hash.digest("hex");
  return computed;
}
