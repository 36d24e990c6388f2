/**
 * `usc` run in the test's own process: `main(args)`, what bin/usc.js calls, with its real arguments,
 * exit code, stdout, stderr and reports, for tests about what a command decides rather than about the
 * process (its signals, its streams as a terminal sees them, the installed binary: those spawn it).
 *
 * A separate `usc` process costs 0.3 to 0.8 CPU-seconds before it checks anything (node, the loader, the
 * spec, the validators); in-process, a worker pays the loading once and a one-suite run costs about a
 * tenth of a CPU-second. In exchange the calls take turns: each owns the process while it runs (stdout
 * and stderr captured, the working directory and the given variables set, all restored after).
 */
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

/** The call before this one: each waits for it, so only one owns the process at a time. */
let previous: Promise<unknown> = Promise.resolve();

/** A write that appends to `sink` and reports success, as a pipe with room would. */
function capture(sink: { text: string }): typeof process.stdout.write {
  return (chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    sink.text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") queueMicrotask(() => (done as () => void)());
    return true;
  };
}

/** Gives `stream` its own `key` for the call; returns the undo, which leaves the property as it was. */
function override(stream: NodeJS.WriteStream, key: "isTTY" | "write", value: unknown): () => void {
  const own = Object.getOwnPropertyDescriptor(stream, key);
  Object.defineProperty(stream, key, { value, configurable: true, writable: true });
  return () => {
    if (own === undefined) Reflect.deleteProperty(stream, key);
    else Object.defineProperty(stream, key, own);
  };
}

/** Sets and unsets the variables of `env`; returns the undo. */
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

async function owning(args: string[], options: InProcessOptions): Promise<CliResult> {
  const out = { text: "" };
  const err = { text: "" };
  const cwd = process.cwd();
  // Colour is decided per test, as in runCli: the caller's FORCE_COLOR or NO_COLOR must not leak in.
  const undo = [
    withVariables({ FORCE_COLOR: undefined, NO_COLOR: undefined, ...options.env }),
    // Pipes, as runCli gives: no live progress line, no colour.
    override(process.stdout, "isTTY", false),
    override(process.stderr, "isTTY", false),
    override(process.stdout, "write", capture(out)),
    override(process.stderr, "write", capture(err)),
  ];
  try {
    if (options.cwd !== undefined) process.chdir(options.cwd);
    const code = await main(args);
    return { code, stdout: out.text, stderr: err.text };
  } finally {
    for (const step of undo.reverse()) step();
    process.chdir(cwd);
  }
}

/**
 * Runs `usc ARGS` in this process once the calls before it have ended; rejects when it takes longer than
 * `timeoutMs` from its start (it keeps the process until it ends, so the next call never sees its output).
 */
export function uscInProcess(args: string[], options: InProcessOptions = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const started = previous.then(() => {
    const running = owning(args, options);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`usc ${args.join(" ")} did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    return { running, bounded: Promise.race([running, late]).finally(() => clearTimeout(timer)) };
  });
  previous = started.then(({ running }) => running).catch(() => undefined);
  return started.then(({ bounded }) => bounded);
}

/**
 * `usc run ARGS` in this process with its reports in a fresh temporary directory (also its working
 * directory), read back: runUsc's outcome without its process.
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
