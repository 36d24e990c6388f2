import { startReferenceServer } from "../../server/index.ts";
import type { CheckResult } from "../../src/results/model.ts";
import type { UscRunOutcome } from "../../scripts/support/run-embedded.ts";
import { runUscInProcess } from "./usc-in-process.ts";

const user = { username: "suite-faults@vsphere.local", password: "Suite-Faults-1!" };

/**
 * `usc run --grep GREP` against a reference server with the given faults switched on; the server is closed
 * before this returns. The run is in this process (test/support/usc-in-process.ts): what is asserted is
 * what the checks decide, and a process per run cost more than the checks.
 */
export async function runAgainstFaults(
  faults: string[],
  grep: string,
  options: { target?: (serverUrl: string) => Promise<{ url: string; close: () => Promise<void> }> } = {},
): Promise<UscRunOutcome> {
  const server = await startReferenceServer({ ...user, faults });
  const front = options.target === undefined ? undefined : await options.target(server.url);
  try {
    return await runUscInProcess(["--target", front?.url ?? server.url, "--grep", grep], {
      timeoutMs: 240_000,
      env: { USC_USERNAME: user.username, USC_PASSWORD: user.password },
    });
  } finally {
    await front?.close();
    await server.close();
  }
}

/** The checks of a run with a given status, as `id [dialect]`, sorted and each once. */
export function withStatus(outcome: UscRunOutcome, status: CheckResult["status"]): string[] {
  const listed = (outcome.results?.checks ?? [])
    .filter((check) => check.status === status)
    .map((check) => `${check.id} [${check.dialect}]`);
  // protocol.response-schema is one result per operation: listed once per dialect.
  return [...new Set(listed)].sort();
}

/** `ids` in both dialects, as withStatus lists them. */
export function inBothDialects(ids: readonly string[]): string[] {
  return ids.flatMap((id) => [`${id} [rest]`, `${id} [api]`]).sort();
}
