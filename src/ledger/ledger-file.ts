/**
 * The ledger's on-disk form: one JSON object per line, appended with a single write. Lines stay under
 * PIPE_BUF so appends from several processes never interleave, and a reader survives a line torn by a crash.
 *
 * No fsync: the ledger guards against a run that is killed (Ctrl-C twice, kill -9, a CI job cancelled), and
 * a write the kernel accepted outlives the process that made it. An fsync per record only guarded against
 * the machine losing power, and it blocked every suite of the run (they share one thread) for as long as a
 * busy disk took to flush: seconds, seen as requests timing out.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
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
  | { op: "deleted"; at: string; pid: number; kind: string; id: string }
  /**
   * Written before a create request, so a crash while it is in flight leaves the name to look for. The
   * created record that follows carries the same name as its label; older ledgers simply have none.
   */
  | {
      op: "intent";
      at: string;
      pid: number;
      kind: string;
      name: string;
      dialect: string;
      parentId?: string;
    }
  /** A cleanup looked for an intent's name and found nothing: the create never took effect. */
  | { op: "abandoned"; at: string; pid: number; kind: string; name: string };

export function encodeRecord(record: LedgerRecord): string {
  return linePrefix + JSON.stringify(record).slice(1) + "\n";
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === "string";
}

function isRecord(value: unknown): value is LedgerRecord {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const named =
    typeof candidate.kind === "string" &&
    typeof candidate.name === "string" &&
    typeof candidate.at === "string";
  if (candidate.op === "intent")
    return named && typeof candidate.dialect === "string" && isOptionalString(candidate.parentId);
  if (candidate.op === "abandoned") return named;
  const common =
    typeof candidate.kind === "string" &&
    typeof candidate.id === "string" &&
    typeof candidate.at === "string";
  if (candidate.op === "deleted") return common;
  return (
    candidate.op === "created" &&
    common &&
    typeof candidate.dialect === "string" &&
    isOptionalString(candidate.label) &&
    isOptionalString(candidate.parentId)
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

/**
 * Append descriptors of the ledgers written to lately, by path. Opening and closing the file for every
 * record (appendFileSync) was most of a record's cost, and a run writes hundreds of them in bursts; a
 * descriptor opened with O_APPEND makes each record the same single write(2) at the file's end, so records
 * from several processes still never interleave. A descriptor closes once its ledger has been idle for
 * {@link idleCloseMs}, so a long-lived process (the catch matrix, a test runner) does not hold one per run.
 */
const openLedgers = new Map<string, { fd: number; timer: NodeJS.Timeout }>();
const idleCloseMs = 250;

function closeLedger(path: string): void {
  const open = openLedgers.get(path);
  if (open === undefined) return;
  openLedgers.delete(path);
  clearTimeout(open.timer);
  try {
    closeSync(open.fd);
  } catch {
    // Already closed: nothing was lost, every record was written before.
  }
}

function ledgerDescriptor(path: string): number {
  const open = openLedgers.get(path);
  if (open !== undefined) {
    open.timer.refresh();
    return open.fd;
  }
  let fd: number;
  try {
    fd = openSync(path, "a");
  } catch (error) {
    // The first record of a run makes the run's directory; looking for it before every append cost more.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, "a");
  }
  // unref: an idle ledger never keeps the process alive; the descriptor closes with it.
  const timer = setTimeout(() => closeLedger(path), idleCloseMs).unref();
  openLedgers.set(path, { fd, timer });
  return fd;
}

/** Appends one record: a single append of the whole line, in the kernel before this returns. */
export function appendRecord(path: string, record: LedgerRecord): void {
  const line = Buffer.from(encodeRecord(record));
  if (line.byteLength > maxLineBytes) {
    throw new Error(
      `ledger record for ${record.kind} ${("id" in record ? record.id : record.name).slice(0, 80)} is too long to append atomically`,
    );
  }
  const fd = ledgerDescriptor(path);
  try {
    writeAll(fd, line);
  } catch (error) {
    // A descriptor gone bad (closed behind our back): drop it and append once more through a fresh one.
    closeLedger(path);
    if ((error as NodeJS.ErrnoException).code !== "EBADF") throw error;
    writeAll(ledgerDescriptor(path), line);
  }
}

/** A regular file takes a short line in one write; the loop only guards the case the kernel splits it. */
function writeAll(fd: number, line: Buffer): void {
  let written = 0;
  while (written < line.byteLength) written += writeSync(fd, line, written);
}
