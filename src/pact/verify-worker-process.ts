/**
 * One verification worker (verify-worker.ts) seen from the parent: a child process that verifies the jobs
 * given to it one after another. Each job gets the notes, the outcome and exactly the output the child
 * printed while it ran, cut at the job's end marker (job-output.ts). A job is bounded: one that outlives its
 * deadline or is interrupted is stopped with the child, and the child is not used again.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { JobOutput, jobEndMarker } from "./job-output.ts";
import type { VerifyOptions, VerifyOutcome } from "./verify.ts";

export type JobOptions = Omit<VerifyOptions, "note">;

export interface WorkerJob {
  id: number;
  options: JobOptions;
}

export type WorkerMessage =
  | { kind: "note"; id: number; line: string }
  | { kind: "outcome"; id: number; outcome: VerifyOutcome }
  | { kind: "crash"; id: number; message: string };

export interface WorkerRun {
  outcome: VerifyOutcome | undefined;
  /** Why there is no outcome (the child crashed, or ran past the deadline). */
  failure: string | undefined;
  /** What Pact's native verifier printed during this job: its own report of every interaction. */
  pactOutput: string;
  stderr: string;
}

export interface JobSettings {
  deadlineMs: number;
  onNote?: (line: string) => void;
  signal?: AbortSignal;
}

/** How to start the child: its module, and the loader it needs (tsx, when the module is TypeScript). */
export interface WorkerEntry {
  path: string;
  execArgv: string[];
}

interface Running {
  id: number;
  settings: JobSettings;
  outcome: VerifyOutcome | undefined;
  failure: string | undefined;
  /** Called whenever something arrives for the job: a message, output, or the child's end. */
  progress: () => void;
}

export class VerifyWorkerProcess {
  readonly #child: ChildProcess;
  readonly #nonce = randomUUID();
  readonly #stdout = new JobOutput();
  readonly #stderr = new JobOutput();
  readonly #ended: Promise<void>;
  #exit: string | undefined;
  #lastId = 0;
  #running: Running | undefined;
  /** Set once a job crashed, was stopped or the child could not start: no further job goes to it. */
  #spent = false;

  constructor(entry: WorkerEntry, env: NodeJS.ProcessEnv, cwd: string) {
    this.#child = fork(entry.path, [this.#nonce], {
      execArgv: entry.execArgv,
      env,
      cwd,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    const progress = () => this.#running?.progress();
    this.#child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      this.#stdout.push(chunk);
      progress();
    });
    this.#child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.#stderr.push(chunk);
      progress();
    });
    this.#child.on("message", (message: WorkerMessage) => this.#receive(message));
    this.#child.on("error", (error) => {
      this.#spent = true;
      const running = this.#running;
      if (running !== undefined) running.failure ??= `the verification could not start: ${error.message}`;
      // A child that never started emits no "close".
      if (this.#child.pid === undefined) this.#exit ??= "not started";
      progress();
    });
    this.#ended = new Promise((resolve) =>
      this.#child.on("close", (code, signal) => {
        this.#spent = true;
        this.#exit = String(code ?? signal ?? "unknown");
        progress();
        resolve();
      }),
    );
  }

  /** Whether the child can take another job. */
  get usable(): boolean {
    return !this.#spent && this.#exit === undefined;
  }

  #receive(message: WorkerMessage): void {
    const running = this.#running;
    if (running === undefined || message.id !== running.id) return;
    if (message.kind === "note") running.settings.onNote?.(message.line);
    else if (message.kind === "outcome") running.outcome = message.outcome;
    else {
      this.#spent = true;
      running.failure = `the verification crashed: ${message.message}`;
    }
    running.progress();
  }

  #stop(running: Running, why: string): void {
    running.failure ??= why;
    this.#spent = true;
    this.#child.kill("SIGKILL");
  }

  /** Verifies one job; the child must be idle (one job at a time). */
  run(options: JobOptions, settings: JobSettings): Promise<WorkerRun> {
    if (this.#running !== undefined) throw new Error("a verification worker runs one job at a time");
    const id = ++this.#lastId;
    const marker = jobEndMarker(this.#nonce, id);
    return new Promise((resolve) => {
      let pactOutput: string | undefined;
      let stderr: string | undefined;
      const running: Running = { id, settings, outcome: undefined, failure: undefined, progress: () => {} };
      const timer = setTimeout(
        () =>
          this.#stop(
            running,
            `the verification did not finish within ${settings.deadlineMs} ms and was stopped`,
          ),
        settings.deadlineMs,
      );
      const onAbort = () => this.#stop(running, "the verification was interrupted");
      const finish = () => {
        clearTimeout(timer);
        settings.signal?.removeEventListener("abort", onAbort);
        this.#running = undefined;
        const { outcome, failure } = running;
        resolve({ outcome, failure, pactOutput: pactOutput ?? "", stderr: stderr ?? "" });
      };
      running.progress = () => {
        if (running.outcome !== undefined && running.failure === undefined) {
          pactOutput ??= this.#stdout.take(marker);
          stderr ??= this.#stderr.take(marker);
          if (pactOutput !== undefined && stderr !== undefined) return finish();
        }
        if (this.#exit === undefined) return;
        // The child ended: whatever it printed is this job's.
        pactOutput ??= this.#stdout.rest();
        stderr ??= this.#stderr.rest();
        if (running.outcome === undefined)
          running.failure ??= `the verification ended without a result (exit ${this.#exit})`;
        finish();
      };
      this.#running = running;
      if (settings.signal?.aborted === true) onAbort();
      else settings.signal?.addEventListener("abort", onAbort, { once: true });
      if (this.usable) this.#child.send({ id, options } satisfies WorkerJob);
      running.progress();
    });
  }

  /** Tells the child to end after its job (or stops it, when it cannot hear) and waits until it has ended. */
  async close(): Promise<void> {
    if (this.#exit !== undefined) return;
    // The child ends itself: its "close" then comes once its streams are drained. A child the parent
    // disconnects from exits too, but Node then never reports "close".
    if (this.#child.connected) this.#child.send("stop");
    else this.#child.kill("SIGKILL");
    await this.#ended;
  }
}
