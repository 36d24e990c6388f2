// Types of typecheck-lint.js, which node runs as plain JavaScript, for the TypeScript that imports it.
import type { ESLint } from "eslint";

export interface Verdict {
  /** 0 passed, 1 problems found. */
  code: number;
  output: string;
}

export interface TypecheckLintOutcome {
  typecheck: Verdict;
  lint: Verdict;
  stats: { replayed: boolean; linted: number; reused: number };
}

/** Rejects when the project has no readable tsconfig.json. */
export function typecheckAndLint(options: { root: string; cacheDir: string }): Promise<TypecheckLintOutcome>;

export function lintFilesUnder(root: string, eslint: ESLint): Promise<string[]>;
