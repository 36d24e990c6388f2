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
  /** Null when the tsconfig could not be read. */
  stats: { replayed: boolean; linted: number; reused: number } | null;
}

export function typecheckAndLint(options: { root: string; cacheDir: string }): Promise<TypecheckLintOutcome>;

export function lintFilesUnder(root: string, eslint: ESLint): Promise<string[]>;
