/**
 * The environment and working directory a `usc` command reads: the process's own, unless `main` was given
 * others. A program that runs several `usc` commands in one process (a test suite, a CI driver) can give
 * each its own variables and directory, and run them side by side without changing the process's: `run`,
 * `fuzz` and `cleanup` read both from here, through the async context of the call, never from
 * `process.env` or `process.cwd()` directly, and `serve` its variables. `compare`, `baseline`, `bundle
 * verify` and `serve` open the paths they are given as given (their messages name them so), and `pact`
 * hands the process's environment to its verifier: those read the process's own.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface CliContext {
  /** The variables the command reads (USC_*, proxy settings, NO_COLOR, FORCE_COLOR). */
  env: NodeJS.ProcessEnv;
  /** The directory relative paths resolve against, and where the run state `.usc/` goes by default. */
  cwd: string;
}

const given = new AsyncLocalStorage<CliContext>();

/** Runs `body` with `context` as what the commands it starts read. */
export function withCliContext<T>(context: Partial<CliContext>, body: () => T): T {
  return given.run({ env: context.env ?? process.env, cwd: context.cwd ?? process.cwd() }, body);
}

/** The variables of the command running in this async context. */
export function cliEnv(): NodeJS.ProcessEnv {
  return given.getStore()?.env ?? process.env;
}

/** The working directory of the command running in this async context. */
export function cliCwd(): string {
  return given.getStore()?.cwd ?? process.cwd();
}
