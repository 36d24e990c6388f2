import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CommandResult, runCommand } from "./run-command.ts";

/**
 * Writes `<project>/tsconfig.json` as a strict TypeScript consumer of the packed package has it (NodeNext,
 * no skipLibCheck, so the package's own declarations are checked too), compiling `files`. Node's types come
 * from this repository's node_modules, as a Node consumer has them. With `buildInfo`, tsc keeps what it
 * checked in that file (incremental), and checks again only what changed since.
 */
function writeConsumerTsconfig(project: string, repo: string, files: string[], buildInfo?: string): void {
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        noEmit: true,
        typeRoots: [join(repo, "node_modules", "@types")],
        types: ["node"],
        ...(buildInfo === undefined ? {} : { incremental: true, tsBuildInfoFile: buildInfo }),
      },
      files,
    }),
  );
}

/**
 * tsc, strict and NodeNext, on `files` (name to text) written to `<project>/type-check-<name>/`, a folder
 * kept from one run to the next in an installed project of test/support/installed-project.ts (whose
 * package, keyed by the tree, is the same in every run that finds the folder). Checking the package's
 * declarations and Node's cost 5-6 CPU-seconds; tsc's incremental state in that folder lets a run whose
 * files, package, Node types and TypeScript are unchanged skip the checking (about 2 CPU-seconds), while
 * it still reports every error, from its state or afresh. Never throws for a non-zero exit.
 */
export function typeCheckConsumer(options: {
  project: string;
  repo: string;
  name: string;
  files: Record<string, string>;
  timeoutMs: number;
}): Promise<CommandResult> {
  const folder = join(options.project, `type-check-${options.name}`);
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(options.files)) writeFileSync(join(folder, file), text);
  writeConsumerTsconfig(folder, options.repo, Object.keys(options.files), "tsconfig.tsbuildinfo");
  const tsc = join(options.repo, "node_modules", "typescript", "bin", "tsc");
  return runCommand(process.execPath, [tsc, "-p", folder], folder, options.timeoutMs);
}
