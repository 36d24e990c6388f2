import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "./support/run-command.ts";

// Check ids are a type derived from the catalogues (CheckId): a typo in a suite's check("..."), in a skip
// list of the vitest integration or in a fault's catcher list does not compile. Proven on a file with one
// deliberate typo of each kind: it compiles only with each typo marked `@ts-expect-error`, and without the
// markers the compiler names every typo.

const root = fileURLToPath(new URL("..", import.meta.url));
const fixture = join(root, "test/fixtures/typed-names/check-id-typos.ts");
const tsc = join(root, "node_modules/typescript/bin/tsc");
const work = mkdtempSync(join(tmpdir(), "usc-check-id-types-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Compiles one file with the project's compiler options. */
async function compile(file: string): Promise<{ code: number; output: string }> {
  const config = join(work, `tsconfig-${Date.now()}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(root, "tsconfig.json"),
      compilerOptions: { typeRoots: [join(root, "node_modules/@types")] },
      include: [],
      files: [file],
    }),
  );
  const result = await runCommand(process.execPath, [tsc, "--noEmit", "-p", config], root, 100_000);
  return { code: result.code, output: result.stdout + result.stderr };
}

describe("check ids the compiler checks", () => {
  it("the file with every typo marked compiles", async () => {
    const { code, output } = await compile(fixture);
    expect(output).toBe("");
    expect(code).toBe(0);
  });

  it("without the markers, each typo is a type error naming it", async () => {
    // The copy sits beside the fixture's imports: absolute paths, since it lives in a temporary folder.
    const source = readFileSync(fixture, "utf8")
      .replace(/^\s*\/\/ @ts-expect-error.*\n/gm, "")
      .replace(/from "\.\.\/\.\.\/\.\.\//g, `from "${root}`);
    // .mts: the temporary folder has no package.json saying "type": "module".
    const unmarked = join(work, "check-id-typos.mts");
    writeFileSync(unmarked, source);
    const { code, output } = await compile(unmarked);
    expect(code).not.toBe(0);
    expect(output).toContain("lifecycle.create.returns-idd");
    expect(output).toContain("lifecycle.get.membres");
    expect(output).toContain("auth.unauthenticated.keepalive");
    expect(output.match(/error TS\d+/g)).toHaveLength(3);
  });
});
