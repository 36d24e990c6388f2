import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  formatTeardownReport,
  listRuns,
  ResourceLedger,
  scratchName,
  teardown,
  type FindOutcome,
  type PendingIntent,
} from "../src/ledger/index.ts";

const runId = "usc-20250101-000000-abcdef";
let stateDir: string;
let ledger: ResourceLedger;
beforeEach(() => {
  stateDir = join(mkdtempSync(join(tmpdir(), "usc-intents-")), ".usc");
  ledger = new ResourceLedger(stateDir, runId);
});
afterEach(() => {
  rmSync(join(stateDir, ".."), { recursive: true, force: true });
});

describe("intents: creates recorded before they are sent", () => {
  it("an intent followed by its created record (same name as label) is settled", () => {
    const name = scratchName(runId, "library");
    ledger.recordIntent({ kind: "library", name, dialect: "rest" });
    expect(ledger.snapshot().pendingIntents.map((intent) => intent.name)).toEqual([name]);
    ledger.recordCreated({ kind: "library", id: "lib-1", dialect: "rest", label: name });
    expect(ledger.snapshot()).toMatchObject({ pendingIntents: [], outstanding: [{ id: "lib-1" }] });
  });

  it("an intent never confirmed stays pending (newest first) until found or abandoned", () => {
    const library = scratchName(runId, "library");
    const item = scratchName(runId, "item");
    ledger.recordIntent({ kind: "library", name: library, dialect: "api" });
    ledger.recordIntent({ kind: "item", name: item, dialect: "rest", parentId: "lib-9" });
    expect(ledger.snapshot().pendingIntents).toMatchObject([
      { kind: "item", name: item, dialect: "rest", parentId: "lib-9" },
      { kind: "library", name: library, dialect: "api", parentId: undefined },
    ]);
    expect(listRuns(stateDir)).toMatchObject([{ runId, outstanding: 0, unconfirmedCreates: 2 }]);
    ledger.recordAbandoned("item", item);
    expect(ledger.snapshot().pendingIntents.map((intent) => intent.name)).toEqual([library]);
    expect(ResourceLedger.open(stateDir, runId)?.snapshot().damagedLines).toBe(0);
  });

  it("a create refused with a client error settles its intent; a 5xx or no id leaves it to a lookup", () => {
    const refused = scratchName(runId, "refused");
    const failed = scratchName(runId, "failed");
    const unread = scratchName(runId, "unread");
    for (const name of [refused, failed, unread]) ledger.recordIntent({ kind: "item", name, dialect: "api" });
    ledger.recordAnswer("item", refused, 400);
    ledger.recordAnswer("item", failed, 500);
    ledger.recordAnswer("item", unread, 201);
    expect(ledger.snapshot().pendingIntents.map((intent) => intent.name)).toEqual([unread, failed]);
  });

  it("reads a ledger written before intents existed", () => {
    const path = join(stateDir, "runs", runId, "ledger.jsonl");
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(
      path,
      [
        '{"ledger":1,"op":"created","at":"2025-01-01T00:00:00.000Z","pid":1,"kind":"library","id":"lib","dialect":"rest","label":"old-library"}',
        '{"ledger":1,"op":"created","at":"2025-01-01T00:00:01.000Z","pid":1,"kind":"item","id":"item","dialect":"rest","parentId":"lib"}',
        '{"ledger":1,"op":"deleted","at":"2025-01-01T00:00:02.000Z","pid":1,"kind":"item","id":"item"}',
        "",
      ].join("\n"),
    );
    const snapshot = ResourceLedger.open(stateDir, runId)?.snapshot();
    expect(snapshot).toMatchObject({ records: 3, damagedLines: 0, pendingIntents: [] });
    expect(snapshot?.outstanding.map((entry) => entry.id)).toEqual(["lib"]);
  });
});

describe("teardown with a finder", () => {
  it("records what it finds as created and removes it, records what is absent as abandoned", async () => {
    const foundName = scratchName(runId, "library");
    const absentName = scratchName(runId, "item");
    ledger.recordCreated({ kind: "library", id: "older", dialect: "api", label: "older" });
    ledger.recordIntent({ kind: "library", name: foundName, dialect: "api" });
    ledger.recordIntent({ kind: "item", name: absentName, dialect: "api", parentId: "older" });
    const looked: string[] = [];
    const removed: string[] = [];
    const report = await teardown(
      ledger,
      (entry) => {
        removed.push(entry.id);
        return Promise.resolve("removed");
      },
      {
        deadlineMs: 5_000,
        find: (intent: PendingIntent) => {
          looked.push(intent.name);
          return Promise.resolve<FindOutcome>(intent.name === foundName ? { id: "found-lib" } : "absent");
        },
      },
    );
    expect(looked).toEqual([absentName, foundName]);
    expect(removed).toEqual(["found-lib", "older"]);
    expect(report.found.map((intent) => intent.name)).toEqual([foundName]);
    expect(report.unresolved).toEqual([]);
    expect(ledger.snapshot()).toMatchObject({ outstanding: [], pendingIntents: [] });
    expect(formatTeardownReport(report, runId)).toBe(
      "cleanup: 2 removed, 0 already gone, 0 left\n  1 found by name (created by requests the run never saw answered)",
    );
  });

  it("never looks up a name without the run's prefix, and reports what it could not settle", async () => {
    ledger.recordIntent({ kind: "library", name: "production-library", dialect: "api" });
    ledger.recordIntent({ kind: "item", name: scratchName(runId, "item"), dialect: "api", parentId: "x" });
    const looked: string[] = [];
    const report = await teardown(ledger, () => Promise.reject(new Error("nothing to remove")), {
      deadlineMs: 5_000,
      find: (intent) => {
        looked.push(intent.name);
        return Promise.resolve({ error: "library.item.list answered 500" });
      },
    });
    expect(looked).toHaveLength(1);
    expect(looked[0]).not.toBe("production-library");
    expect(report.unresolved.map(({ intent, reason }) => [intent.name, reason])).toEqual([
      [looked[0], "library.item.list answered 500"],
      ["production-library", "not looked up: the name does not carry the run's prefix"],
    ]);
    const text = formatTeardownReport(report, runId);
    expect(text).toContain("cleanup: 0 removed, 0 already gone, 2 left");
    expect(text).toContain(`finish later with: usc cleanup --run-id ${runId}`);
    expect(ledger.snapshot().pendingIntents).toHaveLength(2);
  });

  it("without a finder, intents are left for a later cleanup and not reported", async () => {
    ledger.recordIntent({ kind: "item", name: scratchName(runId, "item"), dialect: "api", parentId: "x" });
    const report = await teardown(ledger, () => Promise.resolve("removed"), { deadlineMs: 5_000 });
    expect(report.unresolved).toEqual([]);
    expect(ledger.snapshot().pendingIntents).toHaveLength(1);
  });
});
