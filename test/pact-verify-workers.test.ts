/**
 * The verification worker pool (src/pact/verify-in-worker.ts): one child verifies job after job, each job
 * gets exactly the output printed while it ran, and a child that crashed, exited or was stopped is replaced
 * for the next job. Driven with a stand-in worker (test/support/pact-fake-worker.ts) that speaks the
 * protocol without loading Pact; test/pact-verify.test.ts does the same with the real worker.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { JobOutput, jobEndMarker } from "../src/pact/job-output.ts";
import { VerifyWorkers, type JobSettings } from "../src/pact/verify-in-worker.ts";
import { directConnection } from "../src/config/index.ts";

describe("a worker's output stream, cut at the job end markers", () => {
  test("each job gets what came before its marker, even when the marker arrives in pieces", () => {
    const stream = new JobOutput();
    const first = jobEndMarker("n0nce", 1);
    const second = jobEndMarker("n0nce", 2);
    stream.push("report one\nline");
    stream.push(` two${first.slice(0, 9)}`);
    expect(stream.take(first)).toBeUndefined();
    stream.push(`${first.slice(9)}report two`);
    expect(stream.take(first)).toBe("report one\nline two");
    expect(stream.take(second)).toBeUndefined();
    stream.push(`\n${second}after`);
    expect(stream.take(second)).toBe("report two\n");
    expect(stream.rest()).toBe("after");
    expect(stream.rest()).toBe("");
  });

  test("another worker's marker, or another job's, does not end the job", () => {
    const stream = new JobOutput();
    stream.push(`text${jobEndMarker("other", 1)}more${jobEndMarker("n0nce", 2)}`);
    expect(stream.take(jobEndMarker("n0nce", 1))).toBeUndefined();
    expect(stream.take(jobEndMarker("n0nce", 2))).toBe(`text${jobEndMarker("other", 1)}more`);
  });
});

/**
 * The stand-in, bundled once into one JavaScript file: the tests below start eight of them, and each start
 * through tsx's loader costs about 0.3 CPU-seconds more than plain node's (the bundle takes about 50 ms).
 */
const fake = { path: "", execArgv: [] };
let bundleDir: string | undefined;

beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), "usc-pact-fake-worker-"));
  fake.path = join(bundleDir, "pact-fake-worker.mjs");
  await build({
    entryPoints: [fileURLToPath(new URL("./support/pact-fake-worker.ts", import.meta.url))],
    outfile: fake.path,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent",
  });
});

afterAll(() => {
  if (bundleDir !== undefined) rmSync(bundleDir, { recursive: true, force: true });
});

/** A job for the stand-in worker: `what` says what it does (see pact-fake-worker.ts). */
function job(what: string) {
  return {
    target: undefined,
    dialect: "both" as const,
    username: undefined,
    password: undefined,
    insecure: false,
    caFile: undefined,
    timeoutMs: 5_000,
    proxy: directConnection,
    datastore: undefined,
    pacts: [what],
    broker: undefined,
    stateDir: tmpdir(),
    cwd: tmpdir(),
  };
}

/** Generous: the stand-in starts in well under a second on a quiet machine, a few on a loaded one. */
const settings: JobSettings = { deadlineMs: 60_000 };

describe("a pool of verification workers", { timeout: 120_000 }, () => {
  let pool: VerifyWorkers | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  test("one worker verifies job after job, each given its own report, notes and outcome", async () => {
    const workers = (pool = new VerifyWorkers(1, fake));
    const notes: string[][] = [[], [], []];
    const runs = await Promise.all(
      ["alpha", "beta", "gamma"].map((name, index) =>
        workers.verify(job(`report:${name}`), { ...settings, onNote: (line) => notes[index]?.push(line) }),
      ),
    );
    expect(runs.map((run) => run?.failure)).toEqual([undefined, undefined, undefined]);
    expect(runs.map((run) => run?.pactOutput)).toEqual(
      ["alpha", "beta", "gamma"].map(
        (name) => `Verifying a pact between ${name} and the provider\n  ${name}: OK\n`,
      ),
    );
    expect(runs.map((run) => run?.stderr)).toEqual(["alpha warned\n", "beta warned\n", "gamma warned\n"]);
    expect(notes).toEqual([["verifying alpha"], ["verifying beta"], ["verifying gamma"]]);
    // One process ran all three.
    expect(new Set(runs.map((run) => run?.outcome?.runId)).size).toBe(1);
  });

  test("two workers share the jobs, and each job still gets its own report", async () => {
    const workers = (pool = new VerifyWorkers(2, fake));
    const names = ["a", "b", "c", "d"];
    const runs = await Promise.all(names.map((name) => workers.verify(job(`report:${name}`), settings)));
    expect(runs.map((run) => run?.pactOutput.split("\n")[1])).toEqual(names.map((name) => `  ${name}: OK`));
    expect(new Set(runs.map((run) => run?.outcome?.runId)).size).toBe(2);
  });

  test("a job that crashed, exited, hung or was interrupted has no outcome; the next job runs in a fresh worker", async () => {
    const workers = (pool = new VerifyWorkers(1, fake));
    const broken = [
      ["crash", {}, /^the verification crashed: Error: the fake worker crashed/],
      ["exit", {}, /^the verification ended without a result \(exit 3\)$/],
      ["hang", { deadlineMs: 300 }, /^the verification did not finish within 300 ms and was stopped$/],
      ["hang", { signal: AbortSignal.timeout(300) }, /^the verification was interrupted$/],
    ] as const;
    let before = await workers.verify(job("report:first"), settings);
    for (const [what, extra, failure] of broken) {
      const run = await workers.verify(job(what), { ...settings, ...extra });
      expect(run.outcome, what).toBeUndefined();
      expect(run.failure, what).toMatch(failure);
      if (what === "exit") expect(run.pactOutput).toBe("about to exit\n");
      const after = await workers.verify(job(`report:after-${what}`), settings);
      expect(after.failure, what).toBeUndefined();
      expect(after.pactOutput, what).toContain(`after-${what}: OK`);
      expect(after.outcome?.runId, what).not.toBe(before.outcome?.runId);
      before = after;
    }
  });
});
