import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "./support/run-command.ts";

// Check ids and operation ids are types derived from the catalogues (CheckId) and from the documents
// (OperationId): a typo in a suite's check("...") or t.call("..."), in a skip list of the vitest
// integration, in a fault's catcher list, in the client, a pact row, a fuzz command or a fixture does not
// compile. Proven on files with deliberate typos: each compiles only with every typo marked
// `@ts-expect-error`, and without the markers the compiler names every typo.

const root = fileURLToPath(new URL("..", import.meta.url));
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

/** Each fixture and the typos it holds, each of which the compiler must name. */
const fixtures = [
  {
    what: "check ids",
    file: "check-id-typos",
    typos: ["lifecycle.create.returns-idd", "lifecycle.get.membres", "auth.unauthenticated.keepalive"],
  },
  {
    what: "operation ids",
    file: "operation-id-typos",
    typos: [
      "updateSession.keepalive",
      "keep-alive",
      "updateSession.file.addd",
      "updateSession.get.bodyAction",
      "session.keep-alive",
    ],
  },
];

describe.each(fixtures)("$what the compiler checks", ({ file, typos }) => {
  const fixture = join(root, `test/fixtures/typed-names/${file}.ts`);

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
    const unmarked = join(work, `${file}.mts`);
    writeFileSync(unmarked, source);
    const { code, output } = await compile(unmarked);
    expect(code).not.toBe(0);
    for (const typo of typos) expect(output).toContain(`"${typo}"`);
    expect(output.match(/error TS\d+/g)).toHaveLength(typos.length);
  });
});
