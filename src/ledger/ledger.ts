/**
 * The resource ledger: every resource a run creates on the target is recorded the moment it exists, and
 * every removal is recorded when done. Whatever is recorded as created and not deleted is what teardown (or a
 * later `usc cleanup --run-id`) must remove, and nothing else is ever touched.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Dialect } from "../../spec/dialect.ts";
import { appendRecord } from "./ledger-file.ts";
import { readLedgerFile } from "./ledger-reader.ts";
import { isValidRunId } from "./run-id.ts";

/** Known kinds; others are accepted so new resources need no change here. */
export type ResourceKind = "library" | "item" | "update-session" | (string & {});

export interface NewLedgerEntry {
  kind: ResourceKind;
  id: string;
  /** The dialect the resource was created through (the remover uses the same one). */
  dialect: Dialect;
  /** A human name (e.g. the scratch name), for reports. */
  label?: string | undefined;
  /** The resource it lives in (the library of an item, the item of a session). */
  parentId?: string | undefined;
}

export interface LedgerEntry {
  kind: ResourceKind;
  id: string;
  dialect: Dialect;
  label: string | undefined;
  parentId: string | undefined;
  /** ISO time of the recording. */
  createdAt: string;
}

/** What the run was about to create: the name it sent, for a cleanup to look the resource up by. */
export interface NewIntent {
  kind: ResourceKind;
  /** The scratch name the create request carries (`<run id>-...`). */
  name: string;
  dialect: Dialect;
  /** Where to look: the library an item is created in. */
  parentId?: string | undefined;
}

/** A create whose outcome the ledger does not know: no created record names it, and no cleanup ruled it out. */
export interface PendingIntent {
  kind: ResourceKind;
  name: string;
  dialect: Dialect;
  parentId: string | undefined;
  /** ISO time of the recording. */
  recordedAt: string;
}

export interface LedgerSnapshot {
  /** Created and not deleted, newest first. */
  outstanding: LedgerEntry[];
  /** Creates that were started and never confirmed (a crash or an interrupt mid-request), newest first. */
  pendingIntents: PendingIntent[];
  /** How many records the file holds. */
  records: number;
  /** Lines that could not be read (a crash mid-write); the rest of the file still counts. */
  damagedLines: number;
}

export interface RunSummary {
  runId: string;
  ledgerPath: string;
  outstanding: number;
  /** Creates started and never confirmed: resources that may exist under the run's names. */
  unconfirmedCreates: number;
  lastWriteAt: Date;
}

export const defaultStateDir = ".usc";
const ledgerFileName = "ledger.jsonl";
const maxLabelLength = 200;

function ledgerPath(stateDir: string, runId: string): string {
  if (!isValidRunId(runId)) {
    throw new RangeError(`'${runId}' is not a run id (expected something like usc-20250101-120000-ab12cd)`);
  }
  return join(resolve(stateDir), "runs", runId, ledgerFileName);
}

function entryKey(kind: string, id: string): string {
  return `${kind}\u0000${id}`;
}

function asDialect(value: string): Dialect {
  return value === "api" ? "api" : "rest";
}

export class ResourceLedger {
  readonly runId: string;
  readonly stateDir: string;
  /** `<stateDir>/runs/<runId>/ledger.jsonl`; created (with its directories) on the first record. */
  readonly path: string;

  /** A ledger for a new run; nothing touches the disk until the first record. */
  constructor(stateDir: string, runId: string) {
    this.path = ledgerPath(stateDir, runId);
    this.runId = runId;
    this.stateDir = resolve(stateDir);
  }

  /** The ledger of an earlier (possibly crashed) run; undefined when that run recorded nothing. */
  static open(stateDir: string, runId: string): ResourceLedger | undefined {
    const ledger = new ResourceLedger(stateDir, runId);
    return existsSync(ledger.path) ? ledger : undefined;
  }

  recordCreated(entry: NewLedgerEntry): void {
    appendRecord(this.path, {
      op: "created",
      at: new Date().toISOString(),
      pid: process.pid,
      kind: entry.kind,
      id: entry.id,
      dialect: entry.dialect,
      ...(entry.label === undefined ? {} : { label: entry.label.slice(0, maxLabelLength) }),
      ...(entry.parentId === undefined ? {} : { parentId: entry.parentId }),
    });
  }

  /** Call before sending a create, with the name it carries; the created record then takes the name as label. */
  recordIntent(intent: NewIntent): void {
    appendRecord(this.path, {
      op: "intent",
      at: new Date().toISOString(),
      pid: process.pid,
      kind: intent.kind,
      name: intent.name.slice(0, maxLabelLength),
      dialect: intent.dialect,
      ...(intent.parentId === undefined ? {} : { parentId: intent.parentId }),
    });
  }

  /** The target holds nothing under an intent's name: the create never took effect. */
  recordAbandoned(kind: ResourceKind, name: string): void {
    appendRecord(this.path, {
      op: "abandoned",
      at: new Date().toISOString(),
      pid: process.pid,
      kind,
      name: name.slice(0, maxLabelLength),
    });
  }

  /**
   * The answer to a create: a client error (4xx) means the target refused it and made nothing under the
   * name. Any other answer leaves the intent to its created record, or to a lookup by name (a 5xx may still
   * have made it).
   */
  recordAnswer(kind: ResourceKind, name: string, status: number | undefined): void {
    if (status !== undefined && status >= 400 && status < 500) this.recordAbandoned(kind, name);
  }

  recordDeleted(kind: ResourceKind, id: string): void {
    appendRecord(this.path, { op: "deleted", at: new Date().toISOString(), pid: process.pid, kind, id });
  }

  /** Read from disk each time, so records appended by other processes of the run are included. */
  snapshot(): LedgerSnapshot {
    const { records, damagedLines } = readLedgerFile(this.path);
    const live = new Map<string, LedgerEntry>();
    const intents = new Map<string, PendingIntent>();
    for (const record of records) {
      if (record.op === "intent") {
        intents.set(entryKey(record.kind, record.name), {
          kind: record.kind,
          name: record.name,
          dialect: asDialect(record.dialect),
          parentId: record.parentId,
          recordedAt: record.at,
        });
        continue;
      }
      if (record.op === "abandoned") {
        intents.delete(entryKey(record.kind, record.name));
        continue;
      }
      const key = entryKey(record.kind, record.id);
      // A created record carries the intent's name as its label: the create's outcome is known.
      if (record.op === "created" && record.label !== undefined)
        intents.delete(entryKey(record.kind, record.label));
      if (record.op === "deleted") {
        live.delete(key);
      } else if (!live.has(key)) {
        // A second create of the same id (an idempotent create answering with the existing resource)
        // keeps the first record's place in the order.
        live.set(key, {
          kind: record.kind,
          id: record.id,
          dialect: asDialect(record.dialect),
          label: record.label,
          parentId: record.parentId,
          createdAt: record.at,
        });
      }
    }
    return {
      outstanding: [...live.values()].reverse(),
      pendingIntents: [...intents.values()].reverse(),
      records: records.length,
      damagedLines,
    };
  }

  /** Created and not deleted, newest first: the order teardown removes them in. */
  outstanding(): LedgerEntry[] {
    return this.snapshot().outstanding;
  }
}

/** Every run under the state directory that has a ledger, most recently written first. */
export function listRuns(stateDir: string): RunSummary[] {
  const runsDir = join(resolve(stateDir), "runs");
  let names: string[];
  try {
    names = readdirSync(runsDir);
  } catch {
    return [];
  }
  const runs: RunSummary[] = [];
  for (const runId of names) {
    if (!isValidRunId(runId)) continue;
    const ledger = ResourceLedger.open(stateDir, runId);
    if (ledger === undefined) continue;
    const snapshot = ledger.snapshot();
    runs.push({
      runId,
      ledgerPath: ledger.path,
      outstanding: snapshot.outstanding.length,
      unconfirmedCreates: snapshot.pendingIntents.length,
      lastWriteAt: statSync(ledger.path).mtime,
    });
  }
  return runs.sort(
    (a, b) => b.lastWriteAt.getTime() - a.lastWriteAt.getTime() || b.runId.localeCompare(a.runId),
  );
}
