import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
// tsx's loader in a plain node process: the tsx command would start a second node process for each run.
const tsxLoader = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;
const compiledClone = pathToFileURL(join(root, "bin/compiled-clone.js")).href;

/** A copy of spec/ in a temporary folder, to edit without touching the real one, and run code against. */
export interface SpecCopy {
  /** The copy's folder: `spec/` and links to the project's node_modules and package.json. */
  dir: string;
  /** Runs an ES module body in a fresh node process with tsx's loader, its `spec` import the copy's; returns its stdout. */
  run(body: string): Promise<string>;
  remove(): void;
}

/** A copy of `spec` (a folder of the sources or of their compiled copy) whose processes load `entry`. */
function copyOf(spec: string, entry: string, loader: string[]): SpecCopy {
  const dir = mkdtempSync(join(tmpdir(), "usc-spec-copy-"));
  cpSync(spec, join(dir, "spec"), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  symlinkSync(join(root, "package.json"), join(dir, "package.json"));
  return {
    dir,
    async run(body) {
      const script = `import * as spec from ${JSON.stringify(join(dir, "spec", entry))};\n${body}`;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [...loader, "--input-type=module", "--eval", script],
        { cwd: dir, timeout: 60_000 },
      );
      return stdout;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function copySpec(): SpecCopy {
  return copyOf(join(root, "spec"), "index.ts", ["--import", tsxLoader]);
}

/**
 * A copy of spec/ as bin/compiled-clone.js compiles it for usc (JavaScript beside the same YAML, JSON and
 * generated code, made from the current sources), run by a plain node: about 0.15 CPU-seconds a process
 * where tsx's loader costs 0.5. The copy's modules are .js files (spec/index.js, spec/load-validators.js).
 * Where no compiled copy can be made (USC_FROM_SOURCE=1, no esbuild), the sources' copy of copySpec.
 */
export async function copyCompiledSpec(): Promise<SpecCopy> {
  const { compiledEntry } = (await import(compiledClone)) as {
    compiledEntry: () => Promise<URL | undefined>;
  };
  const entry = await compiledEntry();
  if (entry === undefined) return copySpec();
  return copyOf(fileURLToPath(new URL("../spec", entry)), "index.js", []);
}
