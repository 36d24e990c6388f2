import { describe, expect, it } from "vitest";
import { measureImports } from "../scripts/support/import-graph.ts";

describe("import picture (scripts/import-picture.ts)", () => {
  // The lint rule holds static imports to layers.config.js; this also covers dynamic import() and cycles
  // inside a layer, which no per-file rule sees.
  it("has no import against layers.config.js and no cycle between files or layers", () => {
    const picture = measureImports(new URL("..", import.meta.url).pathname);
    expect(picture.files).toBeGreaterThan(100);
    expect(picture.layerArrows.get("src/checks -> src/catalogue")).toBeGreaterThan(0);
    expect(picture.backArrows).toEqual([]);
    expect(picture.fileCycles).toEqual([]);
    expect(picture.layerCycles).toEqual([]);
  }, 30_000);
});
