/**
 * Loads spec/generated/validators.js, the validators ajv compiled at build time. The file is a script whose
 * value is a function, compiled here with V8's code cache: parsing its 900 KiB took most of the 60-140 ms
 * loading it as a module did, and a cached compile takes a few. The cache lives under the nearest
 * node_modules/.cache, keyed by the script's digest and the Node version, architecture and V8 flags it
 * depends on; V8 itself refuses a cache that does not match. Without a writable node_modules the script
 * is compiled as before, only slower.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import type { ErrorObject } from "ajv";
import type { Dialect } from "./dialect.ts";

/** A validator as ajv's standalone code defines it: true or false, with the errors of the last call. */
export interface PrecompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export interface GeneratedValidators {
  /** sha256 of each document's text (line endings normalised) the validators were generated from. */
  sourceDigests: Readonly<Record<Dialect, string>>;
  /** Each dialect's validators, keyed by schemaKey (spec/schemas.ts). */
  validators: Readonly<Record<Dialect, Readonly<Record<string, PrecompiledValidator>>>>;
}

/** What happened to the code cache: `used` it, `written` (none or a refused one before), or `none` possible. */
export type CodeCacheUse = "used" | "written" | "none";

const scriptUrl = new URL("./generated/validators.js", import.meta.url);

/** node_modules/.cache/update-session-conformance of the nearest folder above this one with a node_modules. */
function cacheFolder(): string | undefined {
  for (let dir = dirname(fileURLToPath(scriptUrl)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules")))
      return join(dir, "node_modules", ".cache", "update-session-conformance");
    if (dirname(dir) === dir) return undefined;
  }
}

function cachePath(source: string): string | undefined {
  const folder = cacheFolder();
  if (folder === undefined) return undefined;
  const key = createHash("sha256")
    .update(`${process.version}\0${process.arch}\0${process.execArgv.join(" ")}\0${source}`)
    .digest("hex")
    .slice(0, 32);
  return join(folder, `validators-${key}.v8cache`);
}

function readCache(path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Written beside and renamed into place, so a process reading it at the same time sees all or nothing. */
function writeCache(path: string, data: Buffer): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, data);
    renameSync(partial, path);
    return true;
  } catch {
    // A read-only install: the next process compiles without the cache, as this one did.
    return false;
  }
}

export function loadGeneratedValidators(): { generated: GeneratedValidators; codeCache: CodeCacheUse } {
  const source = readFileSync(scriptUrl, "utf8");
  const path = cachePath(source);
  const cachedData = readCache(path);
  const script = new Script(source, {
    filename: fileURLToPath(scriptUrl),
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const factory = script.runInThisContext() as (require: NodeJS.Require) => GeneratedValidators;
  const generated = factory(createRequire(scriptUrl));
  let codeCache: CodeCacheUse = "used";
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // Made after the run, so it also holds the functions the factory compiled on the way.
    codeCache = path !== undefined && writeCache(path, script.createCachedData()) ? "written" : "none";
  }
  return { generated, codeCache };
}
