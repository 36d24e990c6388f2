import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lock, treeDigest } from "./support/packed-tarball.ts";

const root = mkdtempSync(join(tmpdir(), "usc-packed-tarball-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe("the cache key of the packed tarball", () => {
  it("changes with any file the package is built from, and not with tests, docs or benchmarks", () => {
    execFileSync("git", ["init", "-q"], { cwd: root });
    write(".gitignore", "dist/\n");
    write("src/index.ts", "export const a = 1;\n");
    write("test/a.test.ts", "// a test\n");
    const first = treeDigest(root);
    expect(treeDigest(root)).toBe(first);

    write("test/a.test.ts", "// another test\n");
    write("docs/notes.md", "notes\n");
    write("bench/run.ts", "// a benchmark\n");
    write("dist/index.js", "// built output, ignored\n");
    expect(treeDigest(root)).toBe(first);

    write("src/index.ts", "export const a = 2;\n");
    const edited = treeDigest(root);
    expect(edited).not.toBe(first);
    write("src/new.ts", "export const b = 1;\n");
    expect(treeDigest(root)).not.toBe(edited);
  });
});

describe("the pack lock", () => {
  it("lets one holder in at a time and takes over the lock of a process that is gone", async () => {
    const path = join(root, "lock");
    const order: string[] = [];
    const holder = async (name: string) => {
      const release = await lock(path, 30_000);
      order.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      order.push(`${name} out`);
      release();
    };
    await Promise.all([holder("a"), holder("b")]);
    // Each holder leaves before the other enters: never two "in" in a row.
    const first = order[0]?.split(" ")[0];
    const second = first === "a" ? "b" : "a";
    expect(order).toEqual([`${first} in`, `${first} out`, `${second} in`, `${second} out`]);

    // A pid no process has: what a killed test process leaves behind.
    mkdirSync(path);
    writeFileSync(join(path, "pid"), "2147483646");
    const release = await lock(path, 30_000);
    expect(readFileSync(join(path, "pid"), "utf8")).toBe(String(process.pid));
    release();
  });
});
