// Runs the usc command of a clone from a compiled copy of its TypeScript sources, kept in
// node_modules/.cache. Loading about 250 modules through tsx's loader costs about 0.6 s of CPU on each start
// (its own start-up plus a round trip to the loader thread per module); the same modules as plain JavaScript
// load in a fraction of that. The copy is named by a digest of every source file's path, size and
// modification time, so an edited source gives a new copy before it runs: a stale copy never runs.
// Compiling is one esbuild call (esbuild is what tsx compiles with) of about 0.1-0.3 s, paid by the first
// start after a change. Not part of the published package, which ships compiled code (dist/).
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
/** What the command loads at run time: the folders of tsconfig.build.json's `include`, and the entry. */
const sourceFolders = ["src", "spec", "server", "suites", "fixtures", "reporters"];
const sourceFiles = ["bin/usc.ts", "package.json", "tsconfig.json", "bin/compiled-clone.js"];
const cacheRoot = join(root, "node_modules", ".cache", "update-session-conformance", "compiled");
/** Copies kept beside the newest, for other clones' processes still running an older one. */
const keptCopies = 3;

function listFiles(folder, into) {
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) listFiles(path, into);
    else if (entry.isFile()) into.push(path);
  }
  return into;
}

/** Every file the copy is made from, and the digest of their paths, sizes and modification times. */
function sources() {
  const files = [...sourceFolders.flatMap((folder) => listFiles(folder, [])), ...sourceFiles].sort();
  const hash = createHash("sha256").update(process.version);
  for (const file of files) {
    const { size, mtimeMs } = statSync(join(root, file));
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return { files, digest: hash.digest("hex").slice(0, 20) };
}

/**
 * Compiles each TypeScript file to a JavaScript file at the same place in `target`, its relative imports
 * renamed from .ts to .js, and copies every other file (the transcription, generated validators,
 * package.json) as it is, so paths read relative to import.meta.url hold as in the source tree.
 */
async function compile(files, target) {
  const { build } = await import("esbuild");
  const typescript = files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"));
  for (const file of files.filter((file) => !file.endsWith(".ts"))) {
    mkdirSync(join(target, file, ".."), { recursive: true });
    cpSync(join(root, file), join(target, file));
  }
  await build({
    absWorkingDir: root,
    entryPoints: typescript,
    outdir: target,
    outbase: root,
    // Each file stays a module of its own: every import is left to Node, only renamed.
    bundle: true,
    plugins: [
      {
        name: "imports-stay-imports",
        setup(plugins) {
          plugins.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === "entry-point") return undefined;
            const path = args.path.startsWith(".") ? args.path.replace(/\.ts$/, ".js") : args.path;
            return { path, external: true };
          });
        },
      },
    ],
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent",
  });
}

function prune(keep) {
  const copies = readdirSync(cacheRoot)
    .filter((name) => name !== keep)
    .map((name) => ({ name, mtimeMs: statSync(join(cacheRoot, name)).mtimeMs }))
    // Another process's scratch folder (".<digest>.<pid>") is left alone while it may still be compiling.
    .filter(({ name, mtimeMs }) => !name.startsWith(".") || Date.now() - mtimeMs > 10 * 60_000)
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  // A process may still load modules lazily from an older copy: only copies an hour old go.
  const old = copies.slice(keptCopies).filter(({ mtimeMs }) => Date.now() - mtimeMs > 60 * 60_000);
  for (const { name } of old) rmSync(join(cacheRoot, name), { recursive: true, force: true });
}

/**
 * The URL of bin/usc.js's compiled entry, compiling first when the sources changed; undefined when no copy
 * can be made here (no esbuild, a read-only node_modules), and the caller runs the sources through tsx.
 */
export async function compiledEntry() {
  if (process.env.USC_FROM_SOURCE === "1") return undefined;
  try {
    const { files, digest } = sources();
    const copy = join(cacheRoot, digest);
    const entry = join(copy, "bin", "usc.js");
    if (!existsSync(join(copy, ".complete"))) {
      // Several processes may start at once (tests, CI steps): each compiles into a folder of its own and
      // the first rename wins; the others use the winner's copy.
      const scratch = join(cacheRoot, `.${digest}.${process.pid}`);
      rmSync(scratch, { recursive: true, force: true });
      await compile(files, scratch);
      writeFileSync(join(scratch, ".complete"), `${relative(root, copy)}\n`);
      try {
        renameSync(scratch, copy);
      } catch {
        rmSync(scratch, { recursive: true, force: true });
        if (!existsSync(join(copy, ".complete"))) return undefined;
      }
      prune(digest);
    }
    return pathToFileURL(entry);
  } catch {
    return undefined;
  }
}
