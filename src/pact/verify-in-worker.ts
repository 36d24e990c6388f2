/**
 * Runs `verifyPacts` in a child process (see verify-worker.ts) and returns its outcome together with what
 * Pact printed. Bounded: a child that outlives the deadline is killed and the run has no verdict.
 */
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { disablePactTracking } from "./load-pact.ts";
import type { VerifyOptions, VerifyOutcome } from "./verify.ts";

export type WorkerMessage =
  | { kind: "note"; line: string }
  | { kind: "outcome"; outcome: VerifyOutcome }
  | { kind: "crash"; message: string };

export interface WorkerRun {
  outcome: VerifyOutcome | undefined;
  /** Why there is no outcome (the child crashed, or ran past the deadline). */
  failure: string | undefined;
  /** What Pact's native verifier printed: its own report of every interaction. */
  pactOutput: string;
  stderr: string;
}

/**
 * Run from source (a clone, through tsx), the worker is TypeScript and the child needs tsx's loader, resolved
 * from here so it is found whatever the working directory. Run from the build (the published package), the
 * worker is compiled JavaScript and tsx, a development dependency, is neither needed nor installed.
 */
const fromSource = import.meta.url.endsWith(".ts");
const workerPath = fileURLToPath(
  new URL(fromSource ? "./verify-worker.ts" : "./verify-worker.js", import.meta.url),
);

function workerExecArgv(): string[] {
  if (!fromSource) return [];
  return ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href];
}

export function verifyInWorker(
  options: Omit<VerifyOptions, "note">,
  settings: { deadlineMs: number; onNote?: (line: string) => void; signal?: AbortSignal },
): Promise<WorkerRun> {
  const env = { ...process.env };
  disablePactTracking(env);
  const child = fork(workerPath, [], {
    execArgv: workerExecArgv(),
    env,
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let pactOutput = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (pactOutput += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    let outcome: VerifyOutcome | undefined;
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = `the verification did not finish within ${settings.deadlineMs} ms and was stopped`;
      child.kill("SIGKILL");
    }, settings.deadlineMs);
    const onAbort = () => {
      failure ??= "the verification was interrupted";
      child.kill("SIGKILL");
    };
    settings.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("message", (message: WorkerMessage) => {
      if (message.kind === "note") settings.onNote?.(message.line);
      else if (message.kind === "outcome") outcome = message.outcome;
      else failure = `the verification crashed: ${message.message}`;
    });
    child.on("error", (error) => {
      failure ??= `the verification could not start: ${error.message}`;
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      settings.signal?.removeEventListener("abort", onAbort);
      if (outcome === undefined && failure === undefined) {
        failure = `the verification ended without a result (exit ${code ?? signal ?? "unknown"})`;
      }
      resolve({ outcome, failure, pactOutput, stderr });
    });
    child.send(options);
  });
}
