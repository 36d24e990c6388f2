import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copySpec } from "./support/spec-copy.ts";

const copy = copySpec();
afterAll(() => copy.remove());

// Loads the generated script the way spec/validators.ts does and validates one response with it.
const loadAndValidate = `import { loadGeneratedValidators } from ${JSON.stringify(
  join(copy.dir, "spec/load-validators.ts"),
)};
const { codeCache } = loadGeneratedValidators();
const findings = spec.validateResponse("rest", "updateSession.get", 404, "{}", { "content-type": "application/json" });
console.log(JSON.stringify({ codeCache, codes: findings.map((finding) => finding.code) }));`;

describe("the generated validators' code cache", () => {
  // Two fresh node processes with tsx's loader: about 0.5 s each alone, a few under load.
  it("is written by the first process of a script and used by the next, with the same findings", async () => {
    // A script no other process has compiled (a comment at its end), so the first load finds no cache.
    appendFileSync(join(copy.dir, "spec/generated/validators.js"), `// ${process.pid} ${Date.now()}\n`);
    const first = JSON.parse(await copy.run(loadAndValidate)) as { codeCache: string; codes: string[] };
    const second = JSON.parse(await copy.run(loadAndValidate)) as { codeCache: string; codes: string[] };
    expect(first.codeCache).toBe("written");
    expect(second.codeCache).toBe("used");
    expect(first.codes.length).toBeGreaterThan(0);
    expect(second.codes).toEqual(first.codes);
  }, 120_000);
});
