/**
 * vitest stays optional for users of the package: it is an optional peer dependency, and no run-time module
 * but those of src/vitest/ (the `update-session-conformance/vitest` entry) imports it, so `usc` and the main
 * entry load without it (test/package-tarball.test.ts runs them from an install that has no vitest).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("..", import.meta.url));
/** What tsconfig.build.json compiles into the package. */
const shipped = ["src", "spec", "server", "suites", "reporters", "bin"];

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(path);
    return /\.(ts|js)$/.test(entry.name) ? [path] : [];
  });
}

describe("vitest as an optional peer dependency", () => {
  it("is declared optional, with the vitest entry exported", () => {
    const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
      dependencies?: Record<string, string>;
      exports?: Record<string, unknown>;
    };
    expect(manifest.peerDependencies?.vitest).toMatch(/^\^4\./);
    expect(manifest.peerDependenciesMeta?.vitest?.optional).toBe(true);
    expect(manifest.dependencies?.vitest).toBeUndefined();
    expect(manifest.exports?.["./vitest"]).toEqual({
      types: "./dist/src/vitest/index.d.ts",
      import: "./dist/src/vitest/index.js",
    });
  });

  it("is imported by src/vitest/ alone among the shipped modules", () => {
    const importers = shipped
      .flatMap((folder) => sources(join(repo, folder)))
      .filter((file) =>
        /from\s+["']vitest(\/[^"']*)?["']|import\(\s*["']vitest/.test(readFileSync(file, "utf8")),
      )
      .map((file) => relative(repo, file));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((file) => !file.startsWith(join("src", "vitest")))).toEqual([]);
  });
});
