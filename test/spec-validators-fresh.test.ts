import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateCommand, generatedFiles } from "../spec/codegen.ts";

/** Line endings as committed, whatever a checkout turned them into. */
const normalised = (text: string) => text.replace(/\r\n/g, "\n");

const name = (url: URL) => url.pathname.slice(url.pathname.lastIndexOf("/spec/") + 1);

describe("the generated validators, documents and catalogues", () => {
  // Generating compiles every schema of both dialects and parses their YAML: seconds on a loaded machine.
  // The first generation serves both tests; the second is the one the determinism test needs.
  let first: ReturnType<typeof generatedFiles> | undefined;
  const generatedOnce = () => (first ??= generatedFiles());

  it("are what spec/openapi/*.yaml, spec/requirements.yaml and spec/errata.yaml give today", () => {
    const stale = generatedOnce()
      .filter(({ url, text }) => !existsSync(url) || normalised(readFileSync(url, "utf8")) !== text)
      .map(({ url }) => name(url));
    // Names, not a diff: the files are hundreds of KiB; the message says what to do.
    expect(stale, `stale against spec/*.yaml: run \`${generateCommand}\``).toEqual([]);
  }, 120_000);

  it("are the same bytes when generated twice", () => {
    const once = generatedOnce().map(({ text }) => text);
    const again = generatedFiles().map(({ text }) => text);
    expect(once.length).toBe(6);
    expect(once.every((text, i) => text === again[i])).toBe(true);
  }, 120_000);
});
