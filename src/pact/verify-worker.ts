/**
 * The child process `usc pact verify` runs verifications in. Pact's native verifier prints its report
 * straight to file descriptor 1; in a child of its own that report is captured by the parent, which prints
 * a readable summary instead (and Pact's report with --verbose).
 *
 * The child verifies the jobs its parent sends one after another (loading the pact library, its native core
 * and our modules once for all of them) and ends each job with an end marker on both output streams, so the
 * parent gives each job exactly what was printed while it ran (job-output.ts). Jobs never overlap: the
 * report goes to one stream, and verifyPacts sets process-wide environment while it runs.
 */
import { disablePactTracking } from "./load-pact.ts";
import { jobEndMarker } from "./job-output.ts";
import { verifyPacts } from "./verify.ts";
import type { WorkerJob, WorkerMessage } from "./verify-worker-process.ts";

disablePactTracking();

/** Given by the parent (verify-in-worker.ts), so a job's report cannot contain the marker by chance. */
const nonce = process.argv[2] ?? "";

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) resolve();
    else process.send(message, () => resolve());
  });
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

/** Runs one job; false when it crashed, after which this process is not trusted with another. */
async function runJob(job: WorkerJob): Promise<boolean> {
  try {
    process.chdir(job.options.cwd);
    const outcome = await verifyPacts({
      ...job.options,
      note: (line) => void send({ kind: "note", id: job.id, line }),
    });
    // verifyProvider has returned, so the native verifier wrote all of this job's report before the marker.
    const marker = jobEndMarker(nonce, job.id);
    await Promise.all([write(process.stdout, marker), write(process.stderr, marker)]);
    await send({ kind: "outcome", id: job.id, outcome });
    return true;
  } catch (error) {
    await send({
      kind: "crash",
      id: job.id,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return false;
  }
}

let queue = Promise.resolve();
process.on("message", (message: WorkerJob | "stop") => {
  queue = queue.then(async () => {
    if (message === "stop" || !(await runJob(message))) process.exit(0);
  });
});

// The native library keeps threads alive, so the child would not end by itself: it ends when the parent
// says so, or when the parent has gone.
process.on("disconnect", () => process.exit(0));
