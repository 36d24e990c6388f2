import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  isOurs,
  isValidRunId,
  listRuns,
  newRunId,
  ResourceLedger,
  scratchName,
} from "../src/ledger/index.ts";

/**
 * The ledger module the appending processes load: from bin/compiled-clone.js's compiled copy of the sources
 * (what `usc` itself runs in a clone), which a plain node starts without tsx's loader (about 0.4 CPU-seconds
 * a process); the TypeScript source through tsx where no copy can be made.
 */
async function ledgerForChildren(): Promise<{ loader: string[]; ledgerModule: string }> {
  const clone = new URL("../bin/compiled-clone.js", import.meta.url).href;
  const { compiledEntry } = (await import(clone)) as { compiledEntry: () => Promise<URL | undefined> };
  const entry = await compiledEntry();
  if (entry !== undefined) return { loader: [], ledgerModule: new URL("../src/ledger/index.js", entry).href };
  return {
    loader: ["--import", "tsx"],
    ledgerModule: new URL("../src/ledger/index.ts", import.meta.url).href,
  };
}

let stateDir: string;
beforeEach(() => {
  stateDir = join(mkdtempSync(join(tmpdir(), "usc-ledger-")), ".usc");
});
afterEach(() => {
  rmSync(join(stateDir, ".."), { recursive: true, force: true });
});

describe("run ids and scratch names", () => {
  it("makes run ids of the documented shape, in UTC", () => {
    const id = newRunId(new Date("2025-03-04T05:06:07Z"));
    expect(id).toMatch(/^usc-20250304-050607-[0-9a-z]{6}$/);
    expect(newRunId()).not.toBe(newRunId());
    expect(isValidRunId(id)).toBe(true);
  });

  it("rejects run ids that could leave the state directory", () => {
    for (const bad of ["", "../x", "a/b", ".hidden", "a\\b", "x".repeat(101)]) {
      expect(isValidRunId(bad), bad).toBe(false);
      expect(() => new ResourceLedger(stateDir, bad), bad).toThrow(RangeError);
    }
  });

  it("names scratch resources with the run prefix plus a random part, and recognises its own", () => {
    const runId = newRunId();
    const name = scratchName(runId, "Lifecycle item #1");
    expect(name).toMatch(new RegExp(`^${runId}-lifecycle-item-1-[0-9a-z]{6}$`));
    expect(scratchName(runId, "x")).not.toBe(scratchName(runId, "x"));
    expect(isOurs(name, runId)).toBe(true);
    expect(isOurs(name, newRunId())).toBe(false);
    expect(isOurs(`${runId}`, runId)).toBe(false);
    expect(isOurs(`${runId}-`, runId)).toBe(false);
    expect(isOurs("production-library", runId)).toBe(false);
    expect(isOurs(`prefix-${name}`, runId)).toBe(false);
  });
});

describe("ResourceLedger", () => {
  it("creates nothing on disk until the first record, then writes <stateDir>/runs/<runId>/ledger.jsonl", () => {
    const ledger = new ResourceLedger(stateDir, "run-1");
    expect(existsSync(stateDir)).toBe(false);
    expect(ledger.outstanding()).toEqual([]);
    ledger.recordCreated({ kind: "library", id: "lib-1", dialect: "rest", label: "run-1-library-abc123" });
    expect(ledger.path).toBe(join(stateDir, "runs", "run-1", "ledger.jsonl"));
    expect(readFileSync(ledger.path, "utf8").split("\n")).toHaveLength(2);
  });

  it("lets go of the file once idle: a ledger removed between two bursts of records is written anew", async () => {
    const ledger = new ResourceLedger(stateDir, "run-1");
    ledger.recordCreated({ kind: "library", id: "lib-1", dialect: "rest" });
    ledger.recordCreated({ kind: "item", id: "item-1", dialect: "rest" });
    expect(ledger.outstanding().map((entry) => entry.id)).toEqual(["item-1", "lib-1"]);
    rmSync(stateDir, { recursive: true, force: true });
    // The descriptor closes after 250 ms without records; this wait is scheduled after that timer.
    await new Promise((resolve) => setTimeout(resolve, 600));
    ledger.recordDeleted("item", "item-1");
    expect(
      readFileSync(ledger.path, "utf8")
        .split("\n")
        .filter((line) => line !== ""),
    ).toHaveLength(1);
  });

  it("lists outstanding entries newest first, without the deleted ones", () => {
    const ledger = new ResourceLedger(stateDir, "run-1");
    ledger.recordCreated({ kind: "library", id: "lib", dialect: "api" });
    ledger.recordCreated({ kind: "item", id: "item-1", dialect: "api", parentId: "lib" });
    ledger.recordCreated({ kind: "update-session", id: "s-1", dialect: "rest", parentId: "item-1" });
    ledger.recordCreated({ kind: "item", id: "item-2", dialect: "api", parentId: "lib" });
    ledger.recordDeleted("item", "item-1");
    expect(ledger.outstanding().map((entry) => entry.id)).toEqual(["item-2", "s-1", "lib"]);
    const session = ledger.outstanding()[1];
    expect(session).toMatchObject({
      kind: "update-session",
      dialect: "rest",
      parentId: "item-1",
      label: undefined,
    });
    expect(Date.parse(session?.createdAt ?? "")).not.toBeNaN();
  });

  it("counts the same id created twice once, in its first place", () => {
    const ledger = new ResourceLedger(stateDir, "run-1");
    ledger.recordCreated({ kind: "update-session", id: "s", dialect: "api" });
    ledger.recordCreated({ kind: "item", id: "i", dialect: "api" });
    ledger.recordCreated({ kind: "update-session", id: "s", dialect: "api" });
    expect(ledger.outstanding().map((entry) => entry.id)).toEqual(["i", "s"]);
  });

  it("survives a restart: open() reloads a crashed run, and unknown runs open as undefined", () => {
    const first = new ResourceLedger(stateDir, "crashed");
    first.recordCreated({ kind: "library", id: "lib", dialect: "rest", label: "crashed-library-aaaaaa" });
    first.recordCreated({ kind: "item", id: "item", dialect: "rest", parentId: "lib" });
    const reopened = ResourceLedger.open(stateDir, "crashed");
    expect(reopened?.outstanding().map((entry) => entry.id)).toEqual(["item", "lib"]);
    reopened?.recordDeleted("item", "item");
    expect(first.outstanding().map((entry) => entry.id)).toEqual(["lib"]);
    expect(ResourceLedger.open(stateDir, "never-ran")).toBeUndefined();
  });

  it("tolerates a torn last line and a torn fragment glued to the next record", () => {
    const ledger = new ResourceLedger(stateDir, "torn");
    ledger.recordCreated({ kind: "library", id: "lib", dialect: "rest" });
    appendFileSync(ledger.path, '{"ledger":1,"op":"created","at":"2025-01-01T00:00:00Z","kind":"it');
    ledger.recordCreated({ kind: "item", id: "after-tear", dialect: "rest" });
    appendFileSync(ledger.path, '{"ledger":1,"op":"deleted","kind":"library","id":"l');
    const snapshot = ledger.snapshot();
    expect(snapshot.outstanding.map((entry) => entry.id)).toEqual(["after-tear", "lib"]);
    expect(snapshot.damagedLines).toBe(2);
    expect(snapshot.records).toBe(2);
  });

  it("keeps every record intact when four processes append at once", async () => {
    const worker = fileURLToPath(new URL("./support/ledger-append-worker.js", import.meta.url));
    const root = fileURLToPath(new URL("..", import.meta.url));
    const { loader, ledgerModule } = await ledgerForChildren();
    const runs = [0, 1, 2, 3].map(
      (index) =>
        new Promise<number | null>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [...loader, worker, ledgerModule, stateDir, "shared", String(index), "200"],
            {
              cwd: root,
              stdio: ["ignore", "ignore", "inherit"],
            },
          );
          child.on("error", reject);
          child.on("close", resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    const ledger = ResourceLedger.open(stateDir, "shared");
    const text = readFileSync(ledger?.path ?? "", "utf8");
    const lines = text.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(800);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const snapshot = ledger?.snapshot();
    expect(snapshot?.damagedLines).toBe(0);
    expect(snapshot?.outstanding).toHaveLength(800);
    for (const index of [0, 1, 2, 3]) {
      const ids = snapshot?.outstanding
        .filter((entry) => entry.parentId === `library-${index}`)
        .map((entry) => entry.id);
      // Each process's own records keep their order.
      expect(ids).toEqual(Array.from({ length: 200 }, (_, n) => `w${index}-${199 - n}`));
    }
  }, 120_000);
});

describe("listRuns", () => {
  it("lists runs with their outstanding counts, most recent first, and nothing for a missing directory", async () => {
    expect(listRuns(stateDir)).toEqual([]);
    const older = new ResourceLedger(stateDir, "usc-20250101-000000-aaaaaa");
    older.recordCreated({ kind: "library", id: "a", dialect: "rest" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const newer = new ResourceLedger(stateDir, "usc-20250102-000000-bbbbbb");
    newer.recordCreated({ kind: "library", id: "b", dialect: "rest" });
    newer.recordCreated({ kind: "item", id: "c", dialect: "rest" });
    newer.recordDeleted("item", "c");
    const runs = listRuns(stateDir);
    expect(runs.map((run) => [run.runId, run.outstanding])).toEqual([
      ["usc-20250102-000000-bbbbbb", 1],
      ["usc-20250101-000000-aaaaaa", 1],
    ]);
    expect(runs[0]?.ledgerPath).toBe(newer.path);
  });
});
