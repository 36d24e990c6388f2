// The type check and the lint in one process, on one TypeScript program. Run apart, tsc builds a program
// and checks it, then ESLint's type-aware rules build a second one and check most of it again (about a
// third of the CPU of `npm test`'s static checks). Here ESLint is handed the program tsc's incremental
// build made (`parserOptions.programs`), whose checker has already resolved the types the rules ask for.
// Lint results are kept per file (./lint-result-cache.js), and when no input changed at all the last
// verdicts are replayed without building anything.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import ts from "typescript";
import { fileHasher, hashText, keyOf, loadState, saveState, storable } from "./lint-result-cache.js";

const typeScriptFile = /\.[cm]?tsx?$/;
const lintableFile = /\.([cm]?[jt]s|tsx)$/;
/** The files whose change may change any verdict; the checkout's own ones are relative to its root. */
const setupFiles = [
  "tsconfig.json",
  "eslint.config.js",
  "layers.config.js",
  "package.json",
  "node_modules/.package-lock.json",
];
const ownFiles = ["./typecheck-lint.js", "./lint-result-cache.js"].map((path) =>
  fileURLToPath(new URL(path, import.meta.url)),
);

/** Every file ESLint would lint under `root` (what `eslint .` lints: all but the ignored ones). */
export async function lintFilesUnder(root, eslint) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== ".git")
        walk(join(dir, entry.name));
      else if (entry.isFile() && lintableFile.test(entry.name)) files.push(join(dir, entry.name));
    }
  };
  walk(root);
  const ignored = await Promise.all(files.map((file) => eslint.isPathIgnored(file)));
  return files.filter((_, index) => !ignored[index]).sort();
}

function readTsconfig(root) {
  const problems = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => problems.push(diagnostic),
    },
  );
  return { parsed, problems };
}

const isProjectFile = (path) => !path.split(/[\\/]/).includes("node_modules");

function formatDiagnostics(root, diagnostics) {
  if (diagnostics.length === 0) return "";
  const host = {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => root,
    getNewLine: () => "\n",
  };
  const errors = diagnostics.filter(
    (diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error,
  ).length;
  return `${ts.formatDiagnostics(diagnostics, host)}Found ${errors} error${errors === 1 ? "" : "s"}.\n`;
}

/** tsc's incremental build (its build info reused between runs), and its diagnostics. */
function typecheck(root, parsed, tsBuildInfoFile) {
  const builder = ts.createIncrementalProgram({
    rootNames: parsed.fileNames,
    options: { ...parsed.options, incremental: true, tsBuildInfoFile },
    configFileParsingDiagnostics: parsed.errors,
    projectReferences: parsed.projectReferences,
  });
  const diagnostics = [
    ...builder.getConfigFileParsingDiagnostics(),
    ...builder.getOptionsDiagnostics(),
    ...builder.getGlobalDiagnostics(),
    ...builder.getSyntacticDiagnostics(),
    ...builder.getSemanticDiagnostics(),
  ];
  // With noEmit this writes only the build info, for the next run.
  builder.emit();
  const failed = diagnostics.some((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  return { builder, typecheck: { code: failed ? 1 : 0, output: formatDiagnostics(root, diagnostics) } };
}

/**
 * The key of each lint file's verdict: for a file of the program, itself, the project files it depends on
 * and every project file that affects the global scope (a `declare global`, a module augmentation, a
 * script); for any other file, itself only.
 */
function verdictKeys(builder, lintFiles, hashOf) {
  const program = builder.getProgram();
  const projectSources = program.getSourceFiles().filter((source) => isProjectFile(source.fileName));
  const globalFiles = projectSources
    .filter((source) => !source.fileName.endsWith(".json"))
    .filter((source) => !ts.isExternalModule(source) || source.moduleAugmentations.length > 0)
    .map((source) => source.fileName);
  const keys = new Map();
  for (const file of lintFiles) {
    const source = typeScriptFile.test(file) ? program.getSourceFile(file) : undefined;
    const inputs = source === undefined ? [file] : [...builder.getAllDependencies(source), ...globalFiles];
    keys.set(file, keyOf(new Set([file, ...inputs.filter(isProjectFile)]), hashOf));
  }
  return { keys, programFiles: projectSources.map((source) => source.fileName) };
}

/**
 * Type-checks and lints the project at `root` (its tsconfig.json and eslint.config.js), keeping build info
 * and lint results under `cacheDir`. Returns each check's exit code and output, and what was reused;
 * throws when the project has no readable tsconfig.json.
 */
export async function typecheckAndLint({ root, cacheDir }) {
  const hashOf = fileHasher();
  const stateFile = join(cacheDir, "typecheck-lint.json");
  const setupKey = hashText(
    [root, process.version, keyOf([...setupFiles.map((path) => join(root, path)), ...ownFiles], hashOf)].join(
      "\n",
    ),
  );
  const state = loadState(stateFile, setupKey);
  const { parsed, problems } = readTsconfig(root);
  if (parsed === undefined) {
    const reasons = problems.map((problem) => ts.flattenDiagnosticMessageText(problem.messageText, " "));
    throw new Error(`no usable tsconfig.json in ${root}: ${reasons.join("; ")}`);
  }
  const lintFiles = await lintFilesUnder(root, new ESLint({ cwd: root }));
  const inputs = new Set([...lintFiles, ...parsed.fileNames, ...(state.programFiles ?? [])]);
  const snapshot = keyOf(inputs, hashOf);
  if (state.snapshot === snapshot) {
    return { ...state.verdicts, stats: { replayed: true, linted: 0, reused: lintFiles.length } };
  }

  const { builder, typecheck: typecheckVerdict } = typecheck(
    root,
    parsed,
    join(cacheDir, "typecheck.tsbuildinfo"),
  );
  const { keys, programFiles } = verdictKeys(builder, lintFiles, hashOf);
  const stale = lintFiles.filter((file) => state.files[relative(root, file)]?.key !== keys.get(file));
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: [
      {
        files: ["**/*.ts", "**/*.mts", "**/*.cts", "**/*.tsx"],
        languageOptions: { parserOptions: { programs: [builder.getProgram()], projectService: false } },
      },
    ],
  });
  const fresh = stale.length === 0 ? [] : await eslint.lintFiles(stale);
  const files = {};
  for (const file of lintFiles) {
    const name = relative(root, file);
    files[name] = state.files[name]?.key === keys.get(file) ? state.files[name] : undefined;
  }
  for (const result of fresh)
    files[relative(root, result.filePath)] = { key: keys.get(result.filePath), result: storable(result) };
  const results = lintFiles.map((file) => files[relative(root, file)].result);
  const formatter = await eslint.loadFormatter("stylish");
  const lintFailed = results.some((result) => result.errorCount > 0 || result.fatalErrorCount > 0);
  const verdicts = {
    typecheck: typecheckVerdict,
    lint: { code: lintFailed ? 1 : 0, output: await formatter.format(results) },
  };
  // The snapshot is taken over the program as it is now, so a file it newly reaches is watched next time.
  const watched = new Set([...lintFiles, ...parsed.fileNames, ...programFiles]);
  saveState(stateFile, { ...state, snapshot: keyOf(watched, hashOf), programFiles, verdicts, files });
  return {
    ...verdicts,
    stats: { replayed: false, linted: stale.length, reused: lintFiles.length - stale.length },
  };
}
