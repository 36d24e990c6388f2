import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { typeCheckConsumer } from "./support/consumer-tsconfig.ts";
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

describe("the kept verdict of a consumer's type check", () => {
  it("is reused only for the same files, and never for a failed check", async () => {
    // A project of its own with no package in it, and Node's types as a stub: what is kept and when does
    // not depend on either, and parsing Node's types made this test cost as much as what the cache saves.
    const project = join(root, "consumer-project");
    mkdirSync(project);
    const repo = join(root, "repo");
    write("repo/node_modules/@types/node/package.json", JSON.stringify({ version: "20.0.0" }));
    write("repo/node_modules/@types/node/index.d.ts", "export {};\n");
    const check = (text: string) =>
      typeCheckConsumer({ project, repo, name: "cache", files: { "consumer.ts": text } });
    const valid = "export const answer: number = 42;\n";
    const invalid = 'export const answer: number = "42";\n';

    expect(await check(valid)).toMatchObject({ code: 0, reused: false });
    expect(await check(valid)).toMatchObject({ code: 0, reused: true });
    const broken = await check(invalid);
    expect(broken).toMatchObject({ code: 1, reused: false });
    expect(broken.stdout).toMatch(/consumer\.ts\(1,14\): error TS2322/);
    // The pass kept before is not the verdict of the changed file, and a failure is not kept at all.
    expect(existsSync(join(project, "type-check-cache", "passed-key"))).toBe(false);
  });
});
