/**
 * Writes spec/generated/validators.js: the validators compiled from spec/openapi/*.yaml at build time.
 * Run after any change to the documents; test/spec-validators-fresh.test.ts fails until then.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { generateValidatorsModule, generatedValidatorsUrl } from "../spec/validator-codegen.ts";

const path = fileURLToPath(generatedValidatorsUrl);
const text = generateValidatorsModule();
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, text);
console.log(`wrote ${path} (${Math.round(text.length / 1024)} KiB)`);
