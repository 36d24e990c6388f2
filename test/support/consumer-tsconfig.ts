import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { CommandResult } from "./run-command.ts";

/**
 * The `tsconfig.json` a strict TypeScript consumer of the packed package has (NodeNext, no skipLibCheck, so
 * the package's own declarations are checked too), compiling `files`. Node's types come from this
 * repository's node_modules, as a Node consumer has them. `tsc -p <folder>` repeats the check by hand.
 */
function consumerTsconfig(repo: string, files: string[]): string {
  return JSON.stringify({
    compilerOptions: {
      strict: true,
      module: "NodeNext",
      moduleResolution: "NodeNext",
      target: "ES2022",
      noEmit: true,
      typeRoots: [join(repo, "node_modules", "@types")],
      types: ["node"],
    },
    files,
  });
}

/**
 * The parsed files a consumer's program reads from outside its project (TypeScript's libraries, and Node's
 * types from this repository's node_modules), kept for the next check in this process: the same bytes,
 * parsed with the same options, so both programs may hold the same tree, as TypeScript's language service
 * shares them: a second check in the same process took 0.8 CPU-seconds instead of 1.7.
 */
const sharedSourceFiles = new Map<string, ts.SourceFile | undefined>();

function hostSharingSourceFiles(options: ts.CompilerOptions, project: string): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  // TypeScript names files with forward slashes on every system.
  const inProject = `${project.replaceAll("\\", "/").replace(/\/$/, "")}/`;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (fileName.replaceAll("\\", "/").startsWith(inProject))
      return parse(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!sharedSourceFiles.has(key))
      sharedSourceFiles.set(key, parse(fileName, languageVersion, onError, shouldCreate));
    return sharedSourceFiles.get(key);
  };
  return host;
}

/**
 * Every error `tsc -p <config>` reports in the files that are not TypeScript's own libraries or Node's
 * types (the consumer's files, the package's declarations and those of its dependencies): the same
 * program, checked file by file. Checking the libraries and Node's types, which the consumer brings and
 * the package cannot change, was two thirds of tsc's time (5.3 CPU-seconds against 2.3, a fresh check).
 */
function packageDiagnostics(config: string, project: string): readonly ts.Diagnostic[] {
  const problems: ts.Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(config, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => problems.push(diagnostic),
  });
  if (parsed === undefined) return problems;
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    host: hostSharingSourceFiles(parsed.options, project),
  });
  const checked = program
    .getSourceFiles()
    .filter((file) => !program.isSourceFileDefaultLibrary(file) && !/[\\/]@types[\\/]/.test(file.fileName));
  return [
    ...problems,
    ...parsed.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...checked.flatMap((file) => program.getSemanticDiagnostics(file)),
  ];
}

const checker = readFileSync(fileURLToPath(import.meta.url), "utf8");

function packageVersion(repo: string, name: string): string {
  const path = join(repo, "node_modules", name, "package.json");
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}

/**
 * What a check's verdict depends on beyond its installed project: the project's folder is keyed by the
 * package's tree and the install (test/support/installed-project.ts); the rest is the consumer's files, its
 * tsconfig, the TypeScript and Node types it is checked with, and this module, which decides what counts.
 */
function checkKey(repo: string, tsconfig: string, files: Record<string, string>): string {
  const hash = createHash("sha256");
  for (const part of [
    ts.version,
    packageVersion(repo, "@types/node"),
    tsconfig,
    checker,
    ...Object.entries(files).flat(),
  ])
    hash.update(`${part}\0`);
  return hash.digest("hex");
}

/**
 * A strict NodeNext type check of `files` (name to text), written to `<project>/type-check-<name>/` in an
 * installed project of test/support/installed-project.ts, so that the package resolves through the
 * project's node_modules. Runs in this process (TypeScript's API): code 0 when there is no error, else 1
 * with tsc's report of each error in stdout. Never throws for a type error.
 *
 * A check that passed leaves its key in the folder, and the next check of the same key passes without
 * building the program again (`reused`): the verdict is a function of the key's inputs alone, and the
 * installed project is kept for every run of an unchanged tree, so most runs of `npm test` would repeat
 * the same 4 CPU-seconds for both consumers. A failed check is never kept: it is made again, and shows
 * its errors, every time.
 */
export async function typeCheckConsumer(options: {
  project: string;
  repo: string;
  name: string;
  files: Record<string, string>;
}): Promise<CommandResult & { reused: boolean }> {
  const folder = join(options.project, `type-check-${options.name}`);
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(options.files)) writeFileSync(join(folder, file), text);
  const tsconfig = consumerTsconfig(options.repo, Object.keys(options.files));
  const config = join(folder, "tsconfig.json");
  writeFileSync(config, tsconfig);
  const passed = join(folder, "passed-key");
  const key = checkKey(options.repo, tsconfig, options.files);
  if (existsSync(passed) && readFileSync(passed, "utf8") === key)
    return { code: 0, stdout: "", stderr: "", reused: true };
  rmSync(passed, { force: true });
  // Started after the caller's other work (a nested vitest, a command) is under way: the check holds
  // this thread for a few seconds.
  await new Promise((resolve) => setImmediate(resolve));
  const diagnostics = packageDiagnostics(config, options.project);
  const stdout = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => folder,
    getNewLine: () => "\n",
  });
  if (diagnostics.length === 0) writeFileSync(passed, key);
  return { code: diagnostics.length === 0 ? 0 : 1, stdout, stderr: "", reused: false };
}
