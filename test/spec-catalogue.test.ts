import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadErrata, loadRequirements, operationsOf } from "../spec/index.ts";

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

function seedText(name: string): string {
  return collapse(
    readFileSync(new URL(`../spec/sources/${name}`, import.meta.url), "utf8").replace(/\u00a0/g, " "),
  );
}

describe("the requirements catalogue", () => {
  const requirements = loadRequirements();

  it("has well over 60 requirements with unique, well-formed ids", () => {
    expect(requirements.length).toBeGreaterThan(60);
    const ids = requirements.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });

  it("names only operations that exist in every dialect the requirement concerns", () => {
    const missing = requirements.flatMap((r) =>
      r.dialects.flatMap((d) =>
        r.operations.filter((op) => !operationsOf(d).has(op)).map((op) => `${r.id}: ${d} ${op}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  it("quotes each seed source verbatim", () => {
    const misquoted = requirements.flatMap((r) =>
      r.sources
        .filter((s) => s.startsWith("seed:"))
        .filter((s) => !seedText(s.slice("seed:".length)).includes(collapse(r.quote)))
        .map((s) => `${r.id} (${s})`),
    );
    expect(misquoted).toEqual([]);
  });

  it("cites sources a reader can check: a seed file that exists or a public URL", () => {
    for (const r of requirements) {
      expect(r.sources.length, r.id).toBeGreaterThan(0);
      for (const source of r.sources) {
        if (source.startsWith("seed:")) expect(() => seedText(source.slice(5)), r.id).not.toThrow();
        else expect(source, r.id).toMatch(/^https:\/\//);
      }
    }
  });

  it("refers only to errata that exist", () => {
    const errata = new Set(loadErrata().map((e) => e.id));
    const dangling = requirements.flatMap((r) =>
      r.errata.filter((e) => !errata.has(e)).map((e) => `${r.id} -> ${e}`),
    );
    expect(dangling).toEqual([]);
  });
});

describe("the errata", () => {
  const errata = loadErrata();

  it("records every contradiction with unique ids and at least two sides, each sourced", () => {
    expect(errata.length).toBeGreaterThanOrEqual(19);
    const ids = errata.map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const erratum of errata) {
      for (const side of erratum.sides) expect(side.sources.length, erratum.id).toBeGreaterThan(0);
      if (erratum.kind === "contradiction")
        expect(erratum.sides.length, erratum.id).toBeGreaterThanOrEqual(2);
    }
  });
});
