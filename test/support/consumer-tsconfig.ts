import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import type { CommandResult } from "./run-command.ts";

/**
 * Writes `<folder>/tsconfig.json` as a strict TypeScript consumer of the packed package has it (NodeNext,
 * no skipLibCheck, so the package's own declarations are checked too), compiling `files`. Node's types come
 * from this repository's node_modules, as a Node consumer has them. `tsc -p <folder>` repeats the check by
 * hand.
 */
function writeConsumerTsconfig(folder: string, repo: string, files: string[]): string {
  const path = join(folder, "tsconfig.json");
  writeFileSync(
    path,
    JSON.stringify({
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
    }),
  );
  return path;
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

/**
 * A strict NodeNext type check of `files` (name to text), written to `<project>/type-check-<name>/` in an
 * installed project of test/support/installed-project.ts, so that the package resolves through the
 * project's node_modules. Runs in this process (TypeScript's API): code 0 when there is no error, else 1
 * with tsc's report of each error in stdout. Never throws for a type error.
 */
export async function typeCheckConsumer(options: {
  project: string;
  repo: string;
  name: string;
  files: Record<string, string>;
}): Promise<CommandResult> {
  const folder = join(options.project, `type-check-${options.name}`);
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(options.files)) writeFileSync(join(folder, file), text);
  const config = writeConsumerTsconfig(folder, options.repo, Object.keys(options.files));
  // Started after the caller's other work (a nested vitest, a command) is under way: the check holds
  // this thread for a few seconds.
  await new Promise((resolve) => setImmediate(resolve));
  const diagnostics = packageDiagnostics(config, options.project);
  const stdout = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => folder,
    getNewLine: () => "\n",
  });
  return { code: diagnostics.length === 0 ? 0 : 1, stdout, stderr: "" };
}
