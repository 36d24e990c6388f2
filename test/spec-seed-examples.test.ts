import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateRequest, validateResponse } from "../spec/index.ts";
import { seedExamples, type Repair } from "../fixtures/seed-examples/manifest.ts";

function readExample(file: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/seed-examples/${file}`, import.meta.url), "utf8"));
}

/** Supplies the value of `{"key": ...}` map entries the renderer printed without one; returns how many. */
function completeTruncatedEntries(node: unknown, value: unknown): number {
  if (Array.isArray(node))
    return node.reduce((n: number, item) => n + completeTruncatedEntries(item, value), 0);
  if (typeof node !== "object" || node === null) return 0;
  const record = node as Record<string, unknown>;
  let count = 0;
  if (Object.keys(record).length === 1 && typeof record["key"] === "string") {
    record["value"] = structuredClone(value);
    count += 1;
  }
  for (const child of Object.values(record)) count += completeTruncatedEntries(child, value);
  return count;
}

function replaceAt(document: unknown, pointer: string, value: unknown): void {
  const segments = pointer.slice(1).split("/");
  const last = segments.pop();
  let parent: unknown = document;
  for (const segment of segments) parent = (parent as Record<string, unknown>)[segment];
  if (typeof parent !== "object" || parent === null || last === undefined || !(last in parent)) {
    throw new Error(`repair target ${pointer} does not exist: the repair would do nothing`);
  }
  (parent as Record<string, unknown>)[last] = structuredClone(value);
}

function applyRepairs(document: unknown, repairs: Repair[]): unknown {
  const copy = structuredClone(document);
  for (const repair of repairs) {
    if (repair.pointer === "*") {
      expect(completeTruncatedEntries(copy, repair.value), repair.why).toBeGreaterThan(0);
    } else {
      replaceAt(copy, repair.pointer, repair.value);
    }
  }
  return copy;
}

describe("the documents' own JSON examples validate against the transcription", () => {
  for (const example of seedExamples) {
    for (const target of example.targets) {
      const where = target.kind === "request" ? "request" : `response ${target.status}`;
      it(`${example.name}: ${target.dialect} ${target.operationId} ${where}`, () => {
        const body = applyRepairs(readExample(example.file), example.repairs);
        const findings =
          target.kind === "request"
            ? validateRequest(target.dialect, target.operationId, body)
            : validateResponse(target.dialect, target.operationId, target.status, JSON.stringify(body), {
                "content-type": "application/json",
              });
        expect(findings.map((f) => ({ code: f.code, path: f.path }))).toEqual(
          example.expectedFindings.map(({ code, path }) => ({ code, path })),
        );
      });
    }
  }

  it("every repair is needed: each placeholder example fails without its repairs", () => {
    for (const example of seedExamples.filter((e) => e.repairs.length > 0)) {
      const raw = readExample(example.file);
      const failing = example.targets.some((target) => {
        const findings =
          target.kind === "request"
            ? validateRequest(target.dialect, target.operationId, raw)
            : validateResponse(target.dialect, target.operationId, target.status, JSON.stringify(raw), {
                "content-type": "application/json",
              });
        return findings.length > 0;
      });
      expect(failing, example.name).toBe(true);
    }
  });
});
