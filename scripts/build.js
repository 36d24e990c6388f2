/**
 * `npm run build` (and `prepack`), plain JavaScript started by node (tsx's start-up would add about half a
 * CPU-second to every pack): compiles the run-time code to dist/ with tsconfig.build.json, then copies
 * the files that code reads at run time relative to its own location (import.meta.url), so the same relative
 * paths hold in dist/ as in the source tree. tsc emits without type-checking (noCheck in tsconfig.build.json):
 * the type check is npm test's static checks' and `npm run typecheck`'s (which `npm publish` runs first).
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");

/**
 * Directory (relative to the root) and the files in it the compiled code reads or imports as they are.
 * @type {Array<[string, (name: string) => boolean]>}
 */
const assets = [
  // spec/openapi-documents.ts, spec/catalogue.ts and src/run/spec-hash.ts read the transcription itself.
  ["spec/openapi", (name) => name.endsWith(".yaml")],
  ["spec", (name) => name.endsWith(".yaml")],
  // ajv's standalone validators (plain JavaScript with its own declarations) and the parsed documents.
  ["spec/generated", (name) => /^validators\.(js|d\.ts)$/.test(name) || name.endsWith(".json")],
];

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });

for (const [directory, wanted] of assets) {
  mkdirSync(join(dist, directory), { recursive: true });
  for (const name of readdirSync(join(root, directory)).filter(wanted)) {
    cpSync(join(root, directory, name), join(dist, directory, name));
  }
}
