/**
 * `usc` run in the test's own process: `main(args)`, what bin/usc.js calls, with its real arguments,
 * exit code, stdout, stderr and reports, for tests about what a command decides rather than about the
 * process (its signals, its streams as a terminal sees them, the installed binary: those spawn it).
 *
 * A separate `usc` process costs 0.3 to 0.8 CPU-seconds before it checks anything (node, the loader, the
 * spec, the validators); in-process, a worker pays the loading once and a one-suite run costs about a
 * tenth of a CPU-second.
 *
 * Calls run side by side where they can: each call's stdout and stderr are what it wrote in its own async
 * context (an AsyncLocalStorage picks the sink of every write), and `main` is given the call's variables
 * and working directory (src/cli/context.ts) instead of the process's being changed. A run waiting on a
 * target's real timers then no longer holds the worker while the next call waits its turn. Calls that
 * need the process's own state still take turns and own the process while they run: `usc pact` (pact
 * verify changes process.env and hands it to a worker) and the commands that open relative paths against
 * the process's directory (compare, baseline, bundle, serve) when given a `cwd`. Changing the working
 * directory needs a process of its own: vitest's forks pool (vitest.config.ts), not threads.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import type { CliResult } from "../../scripts/support/run-cli.ts";
import { type UscRunOutcome, withReports } from "../../scripts/support/run-embedded.ts";

export interface InProcessOptions {
  /** The working directory of the call (the run state .usc/ goes there); the current one if not given. */
  cwd?: string;
  /** Variables set (or, when undefined, unset) for the call, as runCli's `env` adds them to its own. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** The commands that read both their variables and their directory through src/cli/context.ts. */
const contextCommands = new Set(["run", "fuzz", "cleanup"]);

/** Whether a call must own the process: see the file's comment. */
function needsTheProcess(args: string[], options: InProcessOptions): boolean {
  const [command = ""] = args;
  if (command === "pact") return true;
  return options.cwd !== undefined && !contextCommands.has(command);
}

/** What one call wrote to each stream. */
interface Sinks {
  out: { text: string };
  err: { text: string };
}

const calls = new AsyncLocalStorage<Sinks>();

/** A write that appends to `sink` and reports success, as a pipe with room would. */
function append(sink: { text: string }, chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) {
  sink.text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  const done = typeof encoding === "function" ? encoding : callback;
  if (typeof done === "function") queueMicrotask(() => (done as () => void)());
  return true;
}

/** Gives `stream` its own `key`; returns the undo, which leaves the property as it was. */
function override(stream: NodeJS.WriteStream, key: "isTTY" | "write", value: unknown): () => void {
  const own = Object.getOwnPropertyDescriptor(stream, key);
  Object.defineProperty(stream, key, { value, configurable: true, writable: true });
  return () => {
    if (own === undefined) Reflect.deleteProperty(stream, key);
    else Object.defineProperty(stream, key, own);
  };
}

/** A write to `stream` that goes to the sink of the call it is made in, and past the calls otherwise. */
function routed(stream: NodeJS.WriteStream, pick: (sinks: Sinks) => { text: string }) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  return (...args: Parameters<typeof stream.write>) => {
    const sinks = calls.getStore();
    if (sinks === undefined) return write(...args);
    const [chunk, encoding, callback] = args as [string | Uint8Array, unknown, unknown];
    return append(pick(sinks), chunk, encoding, callback);
  };
}

/** Calls running now, and the undo of the stream overrides they share. */
let active = 0;
let restoreStreams: (() => void)[] = [];

/** Routes the streams while at least one call runs: pipes, as runCli gives (no live progress line, no colour). */
async function capturing<T>(sinks: Sinks, body: () => Promise<T>): Promise<T> {
  if (active === 0)
    restoreStreams = [
      override(process.stdout, "isTTY", false),
      override(process.stderr, "isTTY", false),
      override(
        process.stdout,
        "write",
        routed(process.stdout, (s) => s.out),
      ),
      override(
        process.stderr,
        "write",
        routed(process.stderr, (s) => s.err),
      ),
    ];
  active += 1;
  try {
    return await calls.run(sinks, body);
  } finally {
    active -= 1;
    if (active === 0) for (const undo of restoreStreams.reverse()) undo();
  }
}

/** Colour is decided per test, as in runCli: the caller's FORCE_COLOR or NO_COLOR must not leak in. */
function callVariables(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  return { FORCE_COLOR: undefined, NO_COLOR: undefined, ...env };
}

/** Sets and unsets the variables of `env` in process.env; returns the undo. */
function withVariables(env: NodeJS.ProcessEnv): () => void {
  const before = new Map(Object.keys(env).map((name) => [name, process.env[name]]));
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  for (const [name, value] of Object.entries(env)) set(name, value);
  return () => {
    for (const [name, value] of before) set(name, value);
  };
}

/** A call beside others: its variables and directory given to `main`, the process's left alone. */
function beside(args: string[], options: InProcessOptions): Promise<number> {
  const env = { ...process.env };
  for (const [name, value] of Object.entries(callVariables(options.env))) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return main(args, { env, cwd: options.cwd ?? process.cwd() });
}

/** A call owning the process: its variables set in process.env, its directory the process's. */
async function owning(args: string[], options: InProcessOptions): Promise<number> {
  const cwd = process.cwd();
  const undo = withVariables(callVariables(options.env));
  try {
    if (options.cwd !== undefined) process.chdir(options.cwd);
    return await main(args);
  } finally {
    undo();
    process.chdir(cwd);
  }
}

async function call(args: string[], options: InProcessOptions, alone: boolean): Promise<CliResult> {
  const sinks: Sinks = { out: { text: "" }, err: { text: "" } };
  const code = await capturing(sinks, () => (alone ? owning(args, options) : beside(args, options)));
  return { code, stdout: sinks.out.text, stderr: sinks.err.text };
}

/**
 * The calls in order: consecutive calls that can run side by side form one batch and start together; a
 * call that owns the process is a batch of its own. A batch starts when every call of the one before it
 * has ended.
 */
interface Batch {
  alone: boolean;
  start: Promise<unknown>;
  calls: Promise<unknown>[];
}
let last: Batch = { alone: true, start: Promise.resolve(), calls: [] };

function batchFor(alone: boolean): Batch {
  if (!alone && !last.alone) return last;
  const before = last;
  last = { alone, start: before.start.then(() => Promise.allSettled(before.calls)), calls: [] };
  return last;
}

/**
 * Runs `usc ARGS` in this process beside the calls it can run with, or alone once the calls before it have
 * ended; rejects when it takes longer than `timeoutMs` from its start (a call that owns the process keeps
 * it until it ends, so the next call never sees its output).
 */
export function uscInProcess(args: string[], options: InProcessOptions = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const alone = needsTheProcess(args, options);
  const batch = batchFor(alone);
  const running = batch.start.then(() => call(args, options, alone));
  batch.calls.push(running);
  return batch.start.then(
    () =>
      new Promise<CliResult>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`usc ${args.join(" ")} did not finish within ${timeoutMs} ms`)),
          timeoutMs,
        );
        running.then(
          (result) => {
            clearTimeout(timer);
            resolve(result);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      }),
  );
}

/**
 * `usc run ARGS` in this process with its reports in a fresh temporary directory (also its working
 * directory, where its .usc/ goes), read back: runUsc's outcome without its process.
 */
export async function runUscInProcess(
  args: string[],
  options: Omit<InProcessOptions, "cwd"> = {},
): Promise<UscRunOutcome> {
  const reportDir = mkdtempSync(join(tmpdir(), "usc-run-"));
  const result = await uscInProcess(["run", "--report-dir", reportDir, ...args], {
    timeoutMs: 120_000,
    ...options,
    cwd: reportDir,
  });
  return withReports(result, reportDir);
}
