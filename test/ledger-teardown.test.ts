import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  formatTeardownReport,
  ResourceLedger,
  teardown,
  type LedgerEntry,
  type RemoveOutcome,
} from "../src/ledger/index.ts";

let dir: string;
let ledger: ResourceLedger;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "usc-teardown-"));
  ledger = new ResourceLedger(dir, "usc-20250101-000000-abcdef");
  ledger.recordCreated({ kind: "library", id: "lib", dialect: "api", label: "scratch library" });
  ledger.recordCreated({ kind: "item", id: "item", dialect: "api", parentId: "lib" });
  ledger.recordCreated({ kind: "update-session", id: "session", dialect: "api", parentId: "item" });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("teardown", () => {
  it("removes newest first (session, item, library) and records each removal", async () => {
    const order: string[] = [];
    const report = await teardown(
      ledger,
      (entry) => {
        order.push(`${entry.kind}:${entry.id}`);
        return Promise.resolve<RemoveOutcome>(entry.kind === "item" ? "already-gone" : "removed");
      },
      { deadlineMs: 5_000 },
    );
    expect(order).toEqual(["update-session:session", "item:item", "library:lib"]);
    expect(report.removed.map((entry) => entry.id)).toEqual(["session", "lib"]);
    expect(report.alreadyGone.map((entry) => entry.id)).toEqual(["item"]);
    expect(report.left).toEqual([]);
    expect(report.deadlineReached).toBe(false);
    expect(ResourceLedger.open(dir, ledger.runId)?.outstanding()).toEqual([]);
    expect(formatTeardownReport(report, ledger.runId)).toBe("cleanup: 2 removed, 1 already gone, 0 left");
  });

  it("carries on past errors and throws, keeping what was left in the ledger", async () => {
    const report = await teardown(
      ledger,
      (entry: LedgerEntry) => {
        if (entry.kind === "update-session") return Promise.reject(new Error("socket hang up"));
        if (entry.kind === "item")
          return Promise.resolve({ error: "resource_in_use: item has an active session" });
        return Promise.resolve<RemoveOutcome>("removed");
      },
      { deadlineMs: 5_000 },
    );
    expect(report.removed.map((entry) => entry.id)).toEqual(["lib"]);
    expect(report.left.map(({ entry, reason }) => [entry.id, reason])).toEqual([
      ["session", "socket hang up"],
      ["item", "resource_in_use: item has an active session"],
    ]);
    expect(ledger.outstanding().map((entry) => entry.id)).toEqual(["session", "item"]);
    const text = formatTeardownReport(report, ledger.runId);
    expect(text).toContain("cleanup: 1 removed, 0 already gone, 2 left");
    expect(text).toContain("left update-session session: socket hang up");
    expect(text).toContain("usc cleanup --run-id usc-20250101-000000-abcdef");
  });

  it("stops at the deadline: a hanging removal is abandoned and the rest are not attempted", async () => {
    const attempted: string[] = [];
    let aborted = false;
    const started = Date.now();
    const report = await teardown(
      ledger,
      (entry, signal) => {
        attempted.push(entry.id);
        signal.addEventListener("abort", () => (aborted = true));
        return new Promise<RemoveOutcome>(() => undefined);
      },
      { deadlineMs: 150 },
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(attempted).toEqual(["session"]);
    expect(aborted).toBe(true);
    expect(report.deadlineReached).toBe(true);
    expect(report.left.map(({ entry, reason }) => [entry.id, reason])).toEqual([
      ["session", "no answer before the teardown deadline of 150 ms"],
      ["item", "not attempted: the teardown deadline of 150 ms had passed"],
      ["lib", "not attempted: the teardown deadline of 150 ms had passed"],
    ]);
    expect(ledger.outstanding()).toHaveLength(3);
  });

  it("does nothing for an empty ledger", async () => {
    const empty = new ResourceLedger(dir, "empty-run");
    const report = await teardown(empty, () => Promise.reject(new Error("must not be called")), {
      deadlineMs: 100,
    });
    expect(report).toMatchObject({ removed: [], alreadyGone: [], left: [], deadlineReached: false });
  });
});
