/**
 * Helpers for the pact self-tests: the pacts exported once per vitest run and shared by every file that
 * reads them, and verification of a reference server (or a fault variant of it) in worker processes, as
 * `usc pact verify` does, so Pact's native report stays out of the test output. A file keeps a pool of
 * workers for all its verifications: a worker's start-up costs about as much as a verification.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Dialect } from "../../spec/index.ts";
import { directConnection } from "../../src/config/index.ts";
import type { ExportedPact } from "../../src/pact/export.ts";
import { findPactFiles } from "../../src/pact/pact-files.ts";
import { VerifyWorkers, type WorkerRun } from "../../src/pact/verify-in-worker.ts";
import { defaultCredentials, startReferenceServer } from "../../server/index.ts";
import { runCli } from "../../scripts/support/run-cli.ts";
import { oncePerRun } from "./once-per-run.ts";

export interface SharedPacts {
  /** The directory holding both dialects' pacts; read it, never write to it (other files share it). */
  dir: string;
  pacts: ExportedPact[];
  /** The path of a dialect's pact. */
  pactOf(dialect: Dialect): string;
}

/**
 * `usc pact export` of both dialects, made by the first file of the run that asks and read by the others.
 * Each export exercises every interaction against Pact's mock server: 157 of them, about 3 CPU-seconds. It
 * runs in a process of its own so that no test process loads Pact's native library.
 */
export async function sharedPacts(timeoutMs = 180_000): Promise<SharedPacts> {
  const dir = await oncePerRun("pact-export-both-dialects", timeoutMs, async (path) => {
    const making = mkdtempSync(`${path}-making-`);
    try {
      const exported = await runCli(["pact", "export", "--out", making], { cwd: making, timeoutMs });
      if (exported.code !== 0)
        throw new Error(`usc pact export exited ${exported.code}:\n${exported.stderr}${exported.stdout}`);
      // Whole or not at all: a file that finds the directory finds both pacts in it.
      renameSync(making, path);
    } finally {
      rmSync(making, { recursive: true, force: true });
    }
  });
  const pacts = findPactFiles([dir], dir).map((file) => {
    if (file.dialect === undefined) throw new Error(`${file.path}: not one dialect's pact`);
    return {
      dialect: file.dialect,
      path: file.path,
      consumer: file.consumer,
      provider: file.provider,
      interactions: file.descriptions.length,
    };
  });
  return {
    dir,
    pacts,
    pactOf(dialect) {
      const pact = pacts.find((p) => p.dialect === dialect);
      if (pact === undefined) throw new Error(`no ${dialect} pact was exported`);
      return pact.path;
    },
  };
}

/**
 * A copy of the pact at `pactPath` holding only the interaction `description`, written into `dir`; its
 * consumer, provider and metadata are kept, so usc reads it as the same dialect's pact and Pact reports it
 * under the same pair. For a test about one interaction: verifying the copy decides that interaction as
 * verifying the whole pact does (each interaction builds its own provider state), at a fraction of the cost.
 */
export function pactOfOne(pactPath: string, description: string, dir: string): string {
  const pact = JSON.parse(readFileSync(pactPath, "utf8")) as {
    interactions?: Array<{ description?: unknown }>;
  };
  const kept = (pact.interactions ?? []).filter((interaction) => interaction.description === description);
  if (kept.length !== 1)
    throw new Error(`${pactPath}: ${kept.length} interactions are described '${description}', not one`);
  const path = join(mkdtempSync(join(dir, "one-")), basename(pactPath));
  writeFileSync(path, JSON.stringify({ ...pact, interactions: kept }));
  return path;
}

/** A temporary directory of the test file's own (state directories, reports), removed by `remove`. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

const compiledClone = new URL("../../bin/compiled-clone.js", import.meta.url).href;

/**
 * A pool of `size` verification workers running the worker as `usc` from a clone runs it: from the compiled
 * copy of the sources bin/compiled-clone.js keeps current (never stale), which starts in about half the
 * CPU of the TypeScript sources through tsx's loader. Without a copy (no esbuild), from the sources.
 */
export async function verificationWorkers(size: number): Promise<VerifyWorkers> {
  const { compiledEntry } = (await import(compiledClone)) as {
    compiledEntry: () => Promise<URL | undefined>;
  };
  const entry = await compiledEntry();
  if (entry === undefined) return new VerifyWorkers(size);
  const worker = new URL("../src/pact/verify-worker.js", entry);
  return new VerifyWorkers(size, { path: fileURLToPath(worker), execArgv: [] });
}

/** Starts a reference server with the faults, verifies the pacts against it in a worker, stops the server. */
export async function verifyAgainstReference(
  workers: VerifyWorkers,
  pactPaths: readonly string[],
  options: {
    dialect: Dialect | "both";
    faults?: string[];
    stateDir: string;
    deadlineMs?: number;
    /** Told each fault name the server asks about (ReferenceServerOptions.onFaultAsked). */
    onFaultAsked?: (name: string) => void;
  },
): Promise<WorkerRun> {
  const server = await startReferenceServer({
    host: "127.0.0.1",
    port: 0,
    faults: options.faults ?? [],
    ...(options.onFaultAsked === undefined ? {} : { onFaultAsked: options.onFaultAsked }),
  });
  try {
    return await workers.verify(
      {
        target: server.url,
        dialect: options.dialect,
        username: defaultCredentials.username,
        password: defaultCredentials.password,
        insecure: false,
        caFile: undefined,
        timeoutMs: 5_000,
        proxy: directConnection,
        datastore: undefined,
        pacts: pactPaths,
        broker: undefined,
        stateDir: options.stateDir,
        cwd: options.stateDir,
      },
      { deadlineMs: options.deadlineMs ?? 60_000 },
    );
  } finally {
    await server.close();
  }
}

export interface CleanVerification {
  /** Both pacts verified in one job against a reference server without faults. */
  run: WorkerRun;
  /** Every fault name the server asked about while it served that job (onFaultAsked), sorted. */
  asked: string[];
}

/**
 * The clean verification of both exported pacts, made by the first file of the run that asks (in its own
 * pool of workers) and read by the others: test/pact-verify.test.ts asserts the reference server satisfies
 * both pacts, test/pact-run-consistency.test.ts picks the faults worth verifying from the names asked.
 */
export async function sharedCleanVerification(
  workers: VerifyWorkers,
  exported: SharedPacts,
  timeoutMs = 180_000,
): Promise<CleanVerification> {
  const path = await oncePerRun("pact-clean-verification.json", timeoutMs, async (file) => {
    const state = tempDir("usc-pact-clean-state-");
    try {
      const asked = new Set<string>();
      const run = await verifyAgainstReference(workers, [exported.dir], {
        dialect: "both",
        stateDir: state.path,
        onFaultAsked: (name) => asked.add(name),
        deadlineMs: timeoutMs,
      });
      // The file is read by other test files; the run's secrets (the reference server's password) stay out.
      const saved = run.outcome === undefined ? run : { ...run, outcome: { ...run.outcome, secrets: [] } };
      writeFileSync(
        file,
        JSON.stringify({ run: saved, asked: [...asked].sort() } satisfies CleanVerification),
      );
    } finally {
      state.remove();
    }
  });
  return JSON.parse(readFileSync(path, "utf8")) as CleanVerification;
}

/** Runs the jobs with at most `limit` at a time, keeping their order in the result. */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
