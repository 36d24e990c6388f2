import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decodeLedger, encodeRecord, type LedgerRecord } from "../src/ledger/ledger-file.ts";
import { readLedgerFile } from "../src/ledger/ledger-reader.ts";

// The reader decodes only what was appended since its last read; whatever happened to the file, it must
// give what decoding the whole file gives.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function ledgerPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "usc-ledger-reader-"));
  dirs.push(dir);
  return join(dir, "ledger.jsonl");
}

const created = (id: string): LedgerRecord => ({
  op: "created",
  at: "2026-01-01T00:00:00Z",
  pid: 1,
  kind: "item",
  id,
  dialect: "api",
});

const whole = (path: string) => decodeLedger(readFileSync(path, "utf8"));

describe("the ledger reader", () => {
  it("sees records appended after a read, as a whole read does", () => {
    const path = ledgerPath();
    expect(readLedgerFile(path)).toEqual({ records: [], damagedLines: 0 });
    appendFileSync(path, encodeRecord(created("a")) + encodeRecord(created("b")));
    expect(readLedgerFile(path).records.map((r) => ("id" in r ? r.id : ""))).toEqual(["a", "b"]);
    appendFileSync(path, encodeRecord(created("c")));
    expect(readLedgerFile(path)).toEqual(whole(path));
    expect(readLedgerFile(path).records).toHaveLength(3);
  });

  it("decodes a torn last line afresh until its line is complete", () => {
    const path = ledgerPath();
    appendFileSync(path, encodeRecord(created("a")) + '{"ledger":1,"op":"created","at":"2026');
    expect(readLedgerFile(path)).toEqual(whole(path));
    expect(readLedgerFile(path).damagedLines).toBe(1);
    appendFileSync(path, encodeRecord(created("b")));
    expect(readLedgerFile(path)).toEqual(whole(path));
    expect(readLedgerFile(path).damagedLines).toBe(1);
    expect(readLedgerFile(path).records).toHaveLength(2);
  });

  it("reads a file rewritten in place (not appended to) from its start", () => {
    const path = ledgerPath();
    appendFileSync(path, encodeRecord(created("a")));
    expect(readLedgerFile(path).records).toHaveLength(1);
    writeFileSync(path, encodeRecord(created("x")) + encodeRecord(created("y")));
    expect(readLedgerFile(path)).toEqual(whole(path));
    expect(readLedgerFile(path).records.map((r) => ("id" in r ? r.id : ""))).toEqual(["x", "y"]);
    rmSync(path);
    expect(readLedgerFile(path)).toEqual({ records: [], damagedLines: 0 });
  });
});
