/**
 * Runs `verifyPacts` in child processes (see verify-worker.ts) and returns each outcome together with what
 * Pact printed during it. Bounded: a job that outlives its deadline is stopped with its child and has no
 * verdict.
 *
 * A child's start-up (the pact library, its native core, our modules and their validators) costs about as
 * much CPU as verifying a pact of 70 interactions, so `VerifyWorkers` keeps up to `size` children and gives
 * each job to an idle one; a child that crashed or was stopped is replaced by a fresh one for the next job.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { disablePactTracking } from "./load-pact.ts";
import {
  VerifyWorkerProcess,
  type JobOptions,
  type JobSettings,
  type WorkerEntry,
  type WorkerRun,
} from "./verify-worker-process.ts";

export type { JobSettings, WorkerEntry, WorkerRun } from "./verify-worker-process.ts";

/**
 * Run from source (a clone, through tsx), the worker is TypeScript and the child needs tsx's loader, resolved
 * from here so it is found whatever the working directory. Run from the build (the published package), the
 * worker is compiled JavaScript and tsx, a development dependency, is neither needed nor installed.
 */
function defaultEntry(): WorkerEntry {
  const fromSource = import.meta.url.endsWith(".ts");
  return {
    path: fileURLToPath(new URL(fromSource ? "./verify-worker.ts" : "./verify-worker.js", import.meta.url)),
    execArgv: fromSource
      ? ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href]
      : [],
  };
}

export class VerifyWorkers {
  readonly #size: number;
  readonly #entry: WorkerEntry;
  readonly #all = new Set<VerifyWorkerProcess>();
  readonly #idle: VerifyWorkerProcess[] = [];
  readonly #waiting: Array<() => void> = [];

  /** At most `size` children at a time; `entry` names another build of the worker (the default: this one's). */
  constructor(size: number, entry: WorkerEntry = defaultEntry()) {
    if (!(size >= 1)) throw new Error(`a verification pool needs at least one worker, not ${size}`);
    this.#size = size;
    this.#entry = entry;
  }

  async #acquire(cwd: string): Promise<VerifyWorkerProcess> {
    for (;;) {
      const idle = this.#idle.pop();
      if (idle?.usable === true) return idle;
      if (idle !== undefined) {
        this.#all.delete(idle);
        continue;
      }
      if (this.#all.size < this.#size) {
        const env = { ...process.env };
        disablePactTracking(env);
        const worker = new VerifyWorkerProcess(this.#entry, env, cwd);
        this.#all.add(worker);
        return worker;
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  #release(worker: VerifyWorkerProcess): void {
    if (worker.usable) this.#idle.push(worker);
    else {
      this.#all.delete(worker);
      void worker.close();
    }
    this.#waiting.shift()?.();
  }

  /** Verifies one job in the next idle child (starting one if fewer than `size` run). */
  async verify(options: JobOptions, settings: JobSettings): Promise<WorkerRun> {
    const worker = await this.#acquire(options.cwd);
    try {
      return await worker.run(options, settings);
    } finally {
      this.#release(worker);
    }
  }

  /** Ends every child; call once no job is running any more. */
  async close(): Promise<void> {
    const workers = [...this.#all];
    this.#all.clear();
    this.#idle.length = 0;
    await Promise.all(workers.map((worker) => worker.close()));
  }
}

/** One verification in a child of its own, ended with it (`usc pact verify`: one job of one or more pacts). */
export async function verifyInWorker(options: JobOptions, settings: JobSettings): Promise<WorkerRun> {
  const workers = new VerifyWorkers(1);
  try {
    return await workers.verify(options, settings);
  } finally {
    await workers.close();
  }
}
