import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isValidRunId } from "./index.ts";

/** What `usc cleanup` needs to know about a run besides its ledger: where it ran. */
export interface RunRecord {
  runId: string;
  target: string;
  embedded: boolean;
  startedAt: string;
}

function recordPath(stateDir: string, runId: string): string {
  if (!isValidRunId(runId)) throw new RangeError(`'${runId}' is not a run id`);
  return join(resolve(stateDir), "runs", runId, "run.json");
}

export function writeRunRecord(stateDir: string, record: RunRecord): void {
  const path = recordPath(stateDir, record.runId);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
}

export function readRunRecord(stateDir: string, runId: string): RunRecord | undefined {
  const path = recordPath(stateDir, runId);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as RunRecord;
  } catch {
    return undefined;
  }
}
