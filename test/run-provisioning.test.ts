import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLedgerFile } from "../src/ledger/ledger-reader.ts";
import { runUscInProcess } from "./support/usc-in-process.ts";

// A run provisions only what its selected suites read: the subscribed item (a published library, a
// subscription and a sync) only when create-conflicts, the one suite that reads it, is selected.

/** The kinds of resource the run's ledger recorded as created, sorted and without repeats. */
async function createdKinds(args: string[]): Promise<{ kinds: string[]; statuses: string[] }> {
  const run = await runUscInProcess(args);
  expect(run.code, run.stderr).toBe(0);
  const runId = run.results?.runId ?? "";
  const { records } = readLedgerFile(join(run.reportDir, ".usc", "runs", runId, "ledger.jsonl"));
  const kinds = records.filter((record) => record.op === "created").map((record) => record.kind);
  const statuses = (run.results?.checks ?? [])
    .filter((check) => check.id !== "protocol.response-schema")
    .map((check) => `${check.dialect} ${check.id} ${check.status}`)
    .sort();
  return { kinds: [...new Set(kinds)].sort(), statuses };
}

describe("the scratch resources of a run", { timeout: 120_000 }, () => {
  it("leave the subscribed item out when no selected suite reads it", async () => {
    const { kinds, statuses } = await createdKinds(["--check", "lifecycle.create.returns-id"]);
    expect(kinds).toEqual(["item", "library", "update-session"]);
    expect(statuses).toEqual([
      "api lifecycle.create.returns-id pass",
      "rest lifecycle.create.returns-id pass",
    ]);
  });

  it("include it when a selected suite reads it, and its check passes against it", async () => {
    const { kinds, statuses } = await createdKinds([
      "--check",
      "create-conflicts.subscribed-item.invalid-element-type",
    ]);
    expect(kinds).toEqual(["item", "library", "subscribed-library", "update-session"]);
    expect(statuses).toEqual([
      "api create-conflicts.subscribed-item.invalid-element-type pass",
      "rest create-conflicts.subscribed-item.invalid-element-type pass",
    ]);
  });
});
