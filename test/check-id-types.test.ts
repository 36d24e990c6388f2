import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { lock } from "./support/packed-tarball.ts";
import { runCommand } from "./support/run-command.ts";

// Check ids and operation ids are types derived from the catalogues (CheckId) and from the documents
// (OperationId): a typo in a suite's check("...") or t.call("..."), in a skip list of the vitest
// integration, in a fault's catcher list, in the client, a pact row, a fuzz command or a fixture does not
// compile. Proven on files with deliberate typos: each compiles only with every typo marked
// `@ts-expect-error`, and without the markers the compiler names every typo. The four files are one
// program, compiled once: a compiler start and a check of the sources costs several CPU-seconds.

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = join(root, "node_modules/typescript/bin/tsc");
// The program, its unmarked copies and the compiler's incremental state stay between runs (beside the
// compiled copy of usc, node_modules/.cache): a run whose sources did not change re-checks only what
// changed, half the compiler's CPU. A lock keeps two runs of this checkout from writing them at once.
const cache = join(root, "node_modules/.cache/usc-check-id-types");

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
  const config = join(cache, "tsconfig.json");
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(root, "tsconfig.json"),
      compilerOptions: {
        typeRoots: [join(root, "node_modules/@types")],
        incremental: true,
        tsBuildInfoFile: join(cache, "program.tsbuildinfo"),
      },
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
    // runCommand's note on a non-zero exit (tsc exits 1 or 2 with errors, by whether it reused state).
    if (line.trim() === "" || line.startsWith("Command failed: ")) continue;
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
  // The copy imports by absolute paths, since it lives in another folder.
  const source = readFileSync(marked, "utf8")
    .replace(/^\s*\/\/ @ts-expect-error.*\n/gm, "")
    .replace(/from "\.\.\/\.\.\/\.\.\//g, `from "${root}`);
  // .mts: the cache folder has no package.json saying "type": "module".
  return { marked, unmarked: join(cache, `${file}.mts`), source };
});
let compiled: Compiled;

beforeAll(async () => {
  mkdirSync(cache, { recursive: true });
  const release = await lock(join(cache, "lock"), 100_000);
  try {
    for (const { unmarked, source } of programs) writeFileSync(unmarked, source);
    compiled = await compileTogether(programs.flatMap(({ marked, unmarked }) => [marked, unmarked]));
  } finally {
    release();
  }
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
