import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { layers } from "../layers.config.js";

const root = new URL("..", import.meta.url);
const design = readFileSync(new URL("docs/DESIGN.md", root), "utf8");

describe("docs/DESIGN.md stays true", () => {
  it("names every layer of layers.config.js", () => {
    const missing = layers.map((layer) => layer.path).filter((path) => !design.includes(path));
    expect(missing).toEqual([]);
  });

  // The how-to steps name files to edit; a move that leaves the doc behind fails here.
  it("names only files that exist", () => {
    const named = [...design.matchAll(/[\w./-]+\.(?:ts|js|yaml|md)\b/g)]
      .map(([path]) => path)
      .filter((path) => path.includes("/") && !path.includes("<"));
    expect(named.length).toBeGreaterThan(10);
    const missing = [...new Set(named)].filter((path) => !existsSync(new URL(path, root)));
    expect(missing).toEqual([]);
  });
});
