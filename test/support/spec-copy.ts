import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
// tsx's loader in a plain node process: the tsx command would start a second node process for each run.
const tsxLoader = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;

/** A copy of spec/ in a temporary folder, to edit without touching the real one, and run code against. */
export interface SpecCopy {
  /** The copy's folder: `spec/` and links to the project's node_modules and package.json. */
  dir: string;
  /** Runs an ES module body in a fresh node process with tsx's loader, its `spec` import the copy's; returns its stdout. */
  run(body: string): Promise<string>;
  remove(): void;
}

export function copySpec(): SpecCopy {
  const dir = mkdtempSync(join(tmpdir(), "usc-spec-copy-"));
  cpSync(join(root, "spec"), join(dir, "spec"), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  symlinkSync(join(root, "package.json"), join(dir, "package.json"));
  return {
    dir,
    async run(body) {
      const script = `import * as spec from ${JSON.stringify(join(dir, "spec/index.ts"))};\n${body}`;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--import", tsxLoader, "--input-type=module", "--eval", script],
        { cwd: dir, timeout: 60_000 },
      );
      return stdout;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
