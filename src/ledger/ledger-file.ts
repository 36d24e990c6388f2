/**
 * The ledger's on-disk form: one JSON object per line, appended with a single write and fsynced. Lines stay
 * under PIPE_BUF so appends from several processes of one run (vitest workers) never interleave, and a
 * reader survives a line torn by a crash.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

/** Every line starts with this, which also lets a reader find a whole record after a torn fragment. */
const linePrefix = '{"ledger":1,';
/** Below PIPE_BUF (4096 on Linux, 512 by POSIX minimum on others; our lines are far below either in practice). */
export const maxLineBytes = 4000;

export type LedgerRecord =
  | {
      op: "created";
      at: string;
      pid: number;
      kind: string;
      id: string;
      dialect: string;
      label?: string;
      parentId?: string;
    }
  | { op: "deleted"; at: string; pid: number; kind: string; id: string };

export function encodeRecord(record: LedgerRecord): string {
  return linePrefix + JSON.stringify(record).slice(1) + "\n";
}

function isRecord(value: unknown): value is LedgerRecord {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const common =
    typeof candidate.kind === "string" &&
    typeof candidate.id === "string" &&
    typeof candidate.at === "string";
  if (candidate.op === "deleted") return common;
  return (
    candidate.op === "created" &&
    common &&
    typeof candidate.dialect === "string" &&
    (candidate.label === undefined || typeof candidate.label === "string") &&
    (candidate.parentId === undefined || typeof candidate.parentId === "string")
  );
}

function parseLine(line: string): LedgerRecord | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface DecodedLedger {
  records: LedgerRecord[];
  /** Lines (or fragments) that could not be read: a crash mid-write, or a foreign edit. */
  damagedLines: number;
}

export function decodeLedger(text: string): DecodedLedger {
  const records: LedgerRecord[] = [];
  let damagedLines = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const whole = parseLine(line);
    if (whole !== undefined) {
      records.push(whole);
      continue;
    }
    damagedLines += 1;
    // A torn fragment followed by another process's complete record on the same line: keep the record.
    const start = line.lastIndexOf(linePrefix);
    const tail = start > 0 ? parseLine(line.slice(start)) : undefined;
    if (tail !== undefined) records.push(tail);
  }
  return { records, damagedLines };
}

export function readLedgerFile(path: string): DecodedLedger {
  if (!existsSync(path)) return { records: [], damagedLines: 0 };
  return decodeLedger(readFileSync(path, "utf8"));
}

function syncDirectory(directory: string): void {
  try {
    const fd = openSync(directory, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot open or fsync a directory; the file's own fsync still holds its content.
  }
}

/** Appends one record durably: a single append of the whole line, then fsync. */
export function appendRecord(path: string, record: LedgerRecord): void {
  const line = encodeRecord(record);
  if (Buffer.byteLength(line) > maxLineBytes) {
    throw new Error(
      `ledger record for ${record.kind} ${record.id.slice(0, 80)} is too long to append atomically`,
    );
  }
  const fresh = !existsSync(path);
  if (fresh) mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "a");
  try {
    appendFileSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (fresh) syncDirectory(dirname(path));
}
