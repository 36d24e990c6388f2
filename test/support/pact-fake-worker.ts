/**
 * A stand-in for src/pact/verify-worker.ts that speaks its protocol without loading Pact, for the tests of
 * the worker pool (test/pact-verify-workers.test.ts). What it does with a job is named by the job's first
 * pact path:
 * - `report:<name>`: prints a report naming <name> in several pieces, then answers with an outcome whose
 *   runId is this process's pid (so a test sees which process ran which job);
 * - `crash`: answers that the job crashed, and exits as the real worker does;
 * - `exit`: prints a line and exits with code 3 without answering;
 * - `hang`: never answers.
 */
import { jobEndMarker } from "../../src/pact/job-output.ts";
import type { WorkerJob, WorkerMessage } from "../../src/pact/verify-worker-process.ts";

const nonce = process.argv[2] ?? "";

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send?.(message, () => resolve()));
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

async function run(job: WorkerJob): Promise<void> {
  const what = job.options.pacts[0] ?? "";
  if (what === "crash") {
    await send({ kind: "crash", id: job.id, message: "Error: the fake worker crashed" });
    process.exit(0);
  }
  if (what === "exit") {
    await write(process.stdout, "about to exit\n");
    process.exit(3);
  }
  if (what === "hang") return;
  const name = what.replace(/^report:/, "");
  await send({ kind: "note", id: job.id, line: `verifying ${name}` });
  // In pieces, with pauses: the parent reads it in several chunks, as it reads Pact's report.
  for (const piece of [`Verifying a pact between ${name}`, " and the provider\n", `  ${name}: OK\n`]) {
    await write(process.stdout, piece);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await write(process.stderr, `${name} warned\n`);
  const marker = jobEndMarker(nonce, job.id);
  await Promise.all([write(process.stdout, marker), write(process.stderr, marker)]);
  await send({
    kind: "outcome",
    id: job.id,
    outcome: {
      runId: String(process.pid),
      target: "",
      verifications: [],
      fatal: undefined,
      problems: [],
      secrets: [],
    },
  });
}

let queue = Promise.resolve();
process.on("message", (message: WorkerJob | "stop") => {
  queue = queue.then(async () => {
    if (message === "stop") process.exit(0);
    await run(message);
  });
});
process.on("disconnect", () => process.exit(0));
