/**
 * Helpers for the pact self-tests: export into a temporary directory, and verify a reference server (or a
 * fault variant of it) in a child process, as `usc pact verify` does, so Pact's native report stays out of
 * the test output and verifications can run side by side.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Dialect } from "../../spec/index.ts";
import { directConnection } from "../../src/config/index.ts";
import { exportPacts, type ExportedPact } from "../../src/pact/export.ts";
import { verifyInWorker, type WorkerRun } from "../../src/pact/verify-in-worker.ts";
import { defaultCredentials, startReferenceServer } from "../../server/index.ts";

export interface TempPacts {
  dir: string;
  pacts: ExportedPact[];
  remove(): void;
}

export async function exportToTemp(dialects: readonly Dialect[]): Promise<TempPacts> {
  const dir = mkdtempSync(join(tmpdir(), "usc-pact-test-"));
  const pacts = await exportPacts({ dialects, outDir: join(dir, "pacts") });
  return { dir, pacts, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a reference server with the faults, verifies the pacts against it in a worker, stops the server. */
export async function verifyAgainstReference(
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
    return await verifyInWorker(
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
