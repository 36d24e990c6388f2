import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Writes `<project>/tsconfig.json` as a strict TypeScript consumer of the packed package has it (NodeNext,
 * no skipLibCheck, so the package's own declarations are checked too), compiling `files`. Node's types come
 * from this repository's node_modules, as a Node consumer has them.
 */
export function writeConsumerTsconfig(project: string, repo: string, files: string[]): void {
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
      },
      files,
    }),
  );
}
