/**
 * Writes spec/generated/: the validators compiled from spec/openapi/*.yaml, each document as JSON, the
 * documents' operation ids as a TypeScript module (spec/generated/operation-ids.ts), and
 * spec/requirements.yaml and spec/errata.yaml as JSON. Run after any change to spec/*.yaml;
 * test/spec-validators-fresh.test.ts fails until then.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedFiles } from "../spec/codegen.ts";

for (const { url, text } of generatedFiles()) {
  const path = fileURLToPath(url);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${relative(process.cwd(), path)} (${Math.round(text.length / 1024)} KiB)`);
}
