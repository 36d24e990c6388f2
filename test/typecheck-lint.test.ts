import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { afterAll, describe, expect, it } from "vitest";
import { lintFilesUnder, typecheckAndLint } from "../scripts/support/typecheck-lint.js";

/**
 * A project of a few files with the same kind of configuration as ours (type-aware rules on TypeScript,
 * plain rules on JavaScript), checked several times as its files change, so the reuse of earlier results is
 * seen to follow what a verdict really depends on.
 */
const root = mkdtempSync(join(tmpdir(), "usc-typecheck-lint-"));
const cacheDir = join(root, "cache");
const write = (name: string, text: string) => writeFileSync(join(root, name), text);
symlinkSync(resolve("node_modules"), join(root, "node_modules"), "dir");
write("package.json", JSON.stringify({ type: "module" }));
write(
  "tsconfig.json",
  JSON.stringify({
    // Our target and libraries: without them TypeScript's default libraries include the DOM's, whose
    // parse was half of this file's CPU (each of the four program builds parses them again).
    compilerOptions: {
      strict: true,
      target: "ES2022",
      lib: ["ES2023"],
      module: "NodeNext",
      noEmit: true,
      allowImportingTsExtensions: true,
      types: [],
    },
    include: ["*.ts"],
  }),
);
write(
  "eslint.config.js",
  `import js from "@eslint/js";
import tseslint from "typescript-eslint";
export default tseslint.config(
  { ignores: ["cache/", "ignored/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
);
`,
);
write("a.ts", "export interface Box {\n  inner: number;\n}\n");
write(
  "b.ts",
  'import type { Box } from "./a.ts";\n\nexport function unwrap(box: Box): number {\n  const inner: number = box.inner;\n  return inner;\n}\n',
);
write("c.js", "export const c = 1;\n");
write(".hidden.js", "export const hidden = 1;\n");
rmSync(join(root, "ignored"), { recursive: true, force: true });

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("typecheck and lint on one program (scripts/typecheck-lint.js)", () => {
  it("lints the files `eslint .` lints", async () => {
    // Which files are linted does not depend on type information, which would cost a program here.
    const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });
    const linted = (await eslint.lintFiles(["."])).map((result) => result.filePath).sort();
    expect(await lintFilesUnder(root, eslint)).toEqual(linted);
    expect(linted.map((file) => file.slice(root.length + 1))).toEqual([
      ".hidden.js",
      "a.ts",
      "b.ts",
      "c.js",
      "eslint.config.js",
    ]);
  });

  it("reuses a verdict only while the file and everything its types come from are unchanged", async () => {
    const first = await typecheckAndLint({ root, cacheDir });
    expect(first.typecheck).toEqual({ code: 0, output: "" });
    expect(first.lint.code).toBe(0);
    expect(first.stats).toEqual({ replayed: false, linted: 5, reused: 0 });

    expect((await typecheckAndLint({ root, cacheDir })).stats).toEqual({
      replayed: true,
      linted: 0,
      reused: 5,
    });

    // b.ts is unchanged, but what it reads from a.ts is now `any`: its verdict must be made again.
    write("a.ts", "export interface Box {\n  inner: ReturnType<typeof JSON.parse>;\n}\n");
    const typesChanged = await typecheckAndLint({ root, cacheDir });
    expect(typesChanged.stats).toEqual({ replayed: false, linted: 2, reused: 3 });
    expect(typesChanged.lint.code).toBe(1);
    expect(typesChanged.lint.output).toMatch(/b\.ts[\s\S]*no-unsafe-assignment/);

    // A JavaScript file is linted without types: its own change is all that counts.
    write("c.js", "export const c = 2;\n");
    const replayedFailure = await typecheckAndLint({ root, cacheDir });
    expect(replayedFailure.stats).toEqual({ replayed: false, linted: 1, reused: 4 });
    expect(replayedFailure.lint).toEqual(typesChanged.lint);
  });

  it("refuses a project without a tsconfig.json, naming it", async () => {
    const empty = mkdtempSync(join(tmpdir(), "usc-typecheck-lint-empty-"));
    try {
      await expect(typecheckAndLint({ root: empty, cacheDir: join(empty, "cache") })).rejects.toThrow(
        `no usable tsconfig.json in ${empty}: Cannot read file '${join(empty, "tsconfig.json")}'.`,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("fails the type check, and says so again when nothing changed", async () => {
    write(
      "b.ts",
      'import type { Box } from "./a.ts";\n\nexport const box: Box = { inner: 1 };\nexport const n: number = "one";\n',
    );
    const broken = await typecheckAndLint({ root, cacheDir });
    expect(broken.typecheck.code).toBe(1);
    expect(broken.typecheck.output).toMatch(/b\.ts\(4,14\): error TS2322/);
    const again = await typecheckAndLint({ root, cacheDir });
    expect(again.stats?.replayed).toBe(true);
    expect(again.typecheck).toEqual(broken.typecheck);
  });
});
