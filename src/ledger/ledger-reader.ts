/**
 * Reads a ledger file, decoding only what was appended since the last read of the same file. Every suite
 * of a run reads the run's ledger when it closes (to find what it must remove), and decoding the whole
 * file each time was most of the ledger's cost in a profile of `usc run`. The file is append-only, so the
 * complete lines already decoded stay as they were; what follows them is read from disk each time, so
 * records appended by other processes of the run are included.
 */
import { closeSync, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { resolve } from "node:path";
import { decodeLedger, type DecodedLedger } from "./ledger-file.ts";

interface Decoded {
  dev: number;
  ino: number;
  /** Bytes up to and including the last newline decoded. */
  offset: number;
  /** The last bytes before the offset, to notice a file rewritten rather than appended to. */
  seam: Buffer;
  ledger: DecodedLedger;
}

const seamBytes = 64;
const decoded = new Map<string, Decoded>();

function readFrom(fd: number, start: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, start + read);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

/** The cached decoding, if the file is the one it was made from and has only grown since. */
function reusable(cached: Decoded | undefined, fd: number, stats: Stats): Decoded | undefined {
  if (cached === undefined || cached.dev !== stats.dev || cached.ino !== stats.ino) return undefined;
  if (stats.size < cached.offset) return undefined;
  const seamStart = cached.offset - cached.seam.length;
  return readFrom(fd, seamStart, cached.seam.length).equals(cached.seam) ? cached : undefined;
}

function combined(a: DecodedLedger, b: DecodedLedger): DecodedLedger {
  return { records: [...a.records, ...b.records], damagedLines: a.damagedLines + b.damagedLines };
}

export function readLedgerFile(path: string): DecodedLedger {
  const key = resolve(path);
  let fd: number;
  try {
    fd = openSync(key, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    decoded.delete(key);
    return { records: [], damagedLines: 0 };
  }
  try {
    const stats = fstatSync(fd);
    const cached = reusable(decoded.get(key), fd, stats);
    const start = cached?.offset ?? 0;
    const fresh = readFrom(fd, start, stats.size - start);
    // Complete lines are kept decoded; a last line without its newline is decoded afresh each time.
    const end = fresh.lastIndexOf(0x0a) + 1;
    const lines = decodeLedger(fresh.subarray(0, end).toString("utf8"));
    const upToLastLine = cached === undefined ? lines : combined(cached.ledger, lines);
    const offset = start + end;
    const seam =
      end > 0 ? fresh.subarray(Math.max(0, end - seamBytes), end) : (cached?.seam ?? Buffer.alloc(0));
    decoded.set(key, {
      dev: stats.dev,
      ino: stats.ino,
      offset,
      seam: Buffer.from(seam),
      ledger: upToLastLine,
    });
    const tail = decodeLedger(fresh.subarray(end).toString("utf8"));
    return combined(upToLastLine, tail);
  } finally {
    closeSync(fd);
  }
}
