// The lint results of the last run, kept per file under a key that covers everything the file's verdict
// can depend on. ESLint's own --cache keys a file by its own content only, which is wrong for the
// type-aware rules: `no-unsafe-assignment` in b.ts fires when a.ts, which b.ts imports, starts returning
// `any`, while b.ts itself is unchanged. Here a TypeScript file's key also covers every project file it
// depends on (TypeScript's own import graph, the one its incremental build trusts) and every file that
// affects the global scope; a JavaScript file (linted without types) depends on itself only. The whole
// cache is void when the tool configuration or the installed packages change.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const format = 1;

export function hashText(text) {
  return createHash("sha256").update(text).digest("hex");
}

/** Content hashes of files, each read once; a missing file hashes to "missing". */
export function fileHasher() {
  const hashes = new Map();
  return (path) => {
    let hash = hashes.get(path);
    if (hash === undefined) {
      try {
        hash = hashText(readFileSync(path));
      } catch {
        hash = "missing";
      }
      hashes.set(path, hash);
    }
    return hash;
  };
}

/** One key for many files: their names and contents, in a fixed order. */
export function keyOf(paths, hashOf) {
  return hashText(
    [...paths]
      .sort()
      .map((path) => `${path}\0${hashOf(path)}\n`)
      .join(""),
  );
}

/** The stored state, or an empty one when it is absent, unreadable, of another format or setup. */
export function loadState(file, setupKey) {
  try {
    const state = JSON.parse(readFileSync(file, "utf8"));
    if (state.format === format && state.setupKey === setupKey) return state;
  } catch {
    // No usable cache: everything is checked.
  }
  return { format, setupKey, snapshot: null, typecheck: null, files: {} };
}

/** Written aside and renamed into place, so a run reading it meanwhile never sees half of it. */
export function saveState(file, state) {
  mkdirSync(dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}`;
  writeFileSync(aside, JSON.stringify(state));
  renameSync(aside, file);
}

/** A result as stored: what the formatters read, without the file's source text. */
export function storable(result) {
  const kept = { ...result };
  delete kept.source;
  delete kept.output;
  return kept;
}
