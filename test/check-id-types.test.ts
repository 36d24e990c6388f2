import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "./support/run-command.ts";

// Check ids and operation ids are types derived from the catalogues (CheckId) and from the documents
// (OperationId): a typo in a suite's check("...") or t.call("..."), in a skip list of the vitest
// integration, in a fault's catcher list, in the client, a pact row, a fuzz command or a fixture does not
// compile. Proven on files with deliberate typos: each compiles only with every typo marked
// `@ts-expect-error`, and without the markers the compiler names every typo. The four files are one
// program, compiled once: a compiler start and a check of the sources costs several CPU-seconds.

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = join(root, "node_modules/typescript/bin/tsc");
const work = mkdtempSync(join(tmpdir(), "usc-check-id-types-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Compiled {
  code: number;
  /** The compiler's messages about each file of the program, by absolute path. */
  byFile: Map<string, string[]>;
  /** Messages about no file of the program's roots (options, other files): none are expected. */
  elsewhere: string[];
}

/**
 * Compiles `files` as one program with the project's compiler options, splitting the messages by file: one
 * compiler start and one check of the sources they import, instead of one per file.
 */
async function compileTogether(files: readonly string[]): Promise<Compiled> {
  const config = join(work, "tsconfig.json");
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(root, "tsconfig.json"),
      compilerOptions: { typeRoots: [join(root, "node_modules/@types")] },
      include: [],
      files,
    }),
  );
  const result = await runCommand(
    process.execPath,
    [tsc, "--noEmit", "--pretty", "false", "-p", config],
    root,
    100_000,
  );
  const byFile = new Map(files.map((file) => [file, [] as string[]]));
  const elsewhere: string[] = [];
  let current = elsewhere;
  // `path(line,col): error TS...` starts a message (the path relative to the working directory); the
  // indented lines after it continue it.
  for (const line of `${result.stdout}${result.stderr}`.split("\n")) {
    if (line.trim() === "") continue;
    const start = /^(.+?)\(\d+,\d+\): /.exec(line);
    if (start !== null) current = byFile.get(resolve(root, start[1] ?? "")) ?? elsewhere;
    else if (!/^\s/.test(line)) current = elsewhere;
    current.push(line);
  }
  return { code: result.code, byFile, elsewhere };
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

/** Each fixture as it is (every typo marked) and a copy without the markers, compiled together once. */
const programs = fixtures.map(({ file }) => {
  const marked = join(root, `test/fixtures/typed-names/${file}.ts`);
  // The copy sits beside the fixture's imports: absolute paths, since it lives in a temporary folder.
  const source = readFileSync(marked, "utf8")
    .replace(/^\s*\/\/ @ts-expect-error.*\n/gm, "")
    .replace(/from "\.\.\/\.\.\/\.\.\//g, `from "${root}`);
  // .mts: the temporary folder has no package.json saying "type": "module".
  const unmarked = join(work, `${file}.mts`);
  writeFileSync(unmarked, source);
  return { marked, unmarked };
});
let compiled: Compiled;

beforeAll(async () => {
  compiled = await compileTogether(programs.flatMap(({ marked, unmarked }) => [marked, unmarked]));
});

it("the program of the fixtures has no messages but about its files", () => {
  expect(compiled.elsewhere).toEqual([]);
  // The unmarked copies do not compile, so neither does the program.
  expect(compiled.code).not.toBe(0);
});

describe.each(fixtures.map((fixture, index) => ({ ...fixture, ...programs[index] })))(
  "$what the compiler checks",
  ({ marked, unmarked, typos }) => {
    it("the file with every typo marked compiles", () => {
      expect(compiled.byFile.get(marked ?? "")).toEqual([]);
    });

    it("without the markers, each typo is a type error naming it", () => {
      const output = (compiled.byFile.get(unmarked ?? "") ?? []).join("\n");
      for (const typo of typos) expect(output).toContain(`"${typo}"`);
      expect(output.match(/error TS\d+/g)).toHaveLength(typos.length);
    });
  },
);
