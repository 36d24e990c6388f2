import { execFile } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// In a clone, bin/usc.js runs a compiled copy of the sources kept in node_modules/.cache
// (bin/compiled-clone.js). What matters: the copy behaves as the sources do, an edited source is never
// run stale, several processes starting at once agree on one copy, and USC_FROM_SOURCE=1 runs the sources.
// Each test works in a copy of the repository's run-time files with its own node_modules folder (links to
// the real packages), so its compiled copies never touch the repository's.
const repository = fileURLToPath(new URL("..", import.meta.url));
const runTimeFolders = ["bin", "src", "spec", "server", "suites", "fixtures", "reporters"];
const execute = promisify(execFile);

let clone: string;

function compiledCopies(): string[] {
  const folder = join(clone, "node_modules", ".cache", "update-session-conformance", "compiled");
  return readdirSync(folder).filter((name) => !name.startsWith("."));
}

async function usc(args: string[], env: NodeJS.ProcessEnv = {}) {
  return execute(process.execPath, [join(clone, "bin", "usc.js"), ...args], {
    cwd: clone,
    env: { ...process.env, USC_FROM_SOURCE: "", ...env },
    timeout: 90_000,
  });
}

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), "usc-compiled-clone-"));
  for (const folder of runTimeFolders)
    cpSync(join(repository, folder), join(clone, folder), { recursive: true });
  for (const file of ["package.json", "tsconfig.json"]) cpSync(join(repository, file), join(clone, file));
  mkdirSync(join(clone, "node_modules"));
  for (const entry of readdirSync(join(repository, "node_modules"))) {
    if (entry === ".cache") continue;
    symlinkSync(join(repository, "node_modules", entry), join(clone, "node_modules", entry));
  }
});

afterAll(() => rmSync(clone, { recursive: true, force: true }));

describe("bin/usc.js in a clone", () => {
  it("runs a compiled copy, made once, that answers as the sources do", async () => {
    const compiled = await usc(["run", "--list", "--suite", "update"]);
    expect(compiledCopies()).toHaveLength(1);
    const fromSource = await usc(["run", "--list", "--suite", "update"], { USC_FROM_SOURCE: "1" });
    expect(compiled.stdout).toBe(fromSource.stdout);
    expect(compiled.stdout).toContain("update.only-warning-behavior");
    await usc(["--version"]);
    expect(compiledCopies()).toHaveLength(1);
  });

  it("never runs a stale copy: an edited source gives a new copy before it runs", async () => {
    const before = (await usc(["--version"])).stdout.trim();
    const manifest = join(clone, "package.json");
    const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
    writeFileSync(manifest, JSON.stringify({ ...parsed, version: "9.8.7" }, null, 2));
    expect((await usc(["--version"])).stdout.trim()).toBe("9.8.7");
    expect(before).not.toBe("9.8.7");

    const version = join(clone, "src", "config", "version.ts");
    writeFileSync(
      version,
      readFileSync(version, "utf8").replace('return "0.0.0";', 'return "7.7.7-edited";'),
    );
    const withoutVersion: Record<string, unknown> = { ...parsed };
    delete withoutVersion.version;
    writeFileSync(manifest, JSON.stringify(withoutVersion, null, 2));
    expect((await usc(["--version"])).stdout.trim()).toBe("7.7.7-edited");
  });

  it("processes starting at once agree on one complete copy", async () => {
    const source = join(clone, "src", "cli", "say.ts");
    writeFileSync(source, `${readFileSync(source, "utf8")}\n// touched\n`);
    const before = new Set(compiledCopies());
    const runs = await Promise.all([1, 2, 3, 4].map(() => usc(["--version"])));
    expect(new Set(runs.map((run) => run.stdout)).size).toBe(1);
    const made = compiledCopies().filter((name) => !before.has(name));
    expect(made).toHaveLength(1);
  });
});
