// `npm run typecheck-lint`: tsc's type check and ESLint in one process on one program, results kept in
// node_modules/.cache/typecheck-lint (scripts/support/typecheck-lint.js says why and how). Plain
// JavaScript started by node: tsx's start-up would add to every `npm test`.
// Exit codes: 0 both passed, 1 either found problems, 2 the checks could not run.
import { join } from "node:path";
import { typecheckAndLint } from "./support/typecheck-lint.js";

const root = process.cwd();
try {
  const { typecheck, lint, stats } = await typecheckAndLint({
    root,
    cacheDir: join(root, "node_modules/.cache/typecheck-lint"),
  });
  process.stdout.write(typecheck.output + lint.output);
  const how = stats.replayed ? "no input changed since the last run" : `${stats.linted} files linted`;
  process.stdout.write(
    `typecheck ${typecheck.code === 0 ? "ok" : "FAILED"}, lint ${lint.code === 0 ? "ok" : "FAILED"} (${how}, ${stats.reused} lint results reused)\n`,
  );
  process.exitCode = typecheck.code === 0 && lint.code === 0 ? 0 : 1;
} catch (error) {
  process.stderr.write(
    `typecheck-lint: could not run: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
}
