import { execFile } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
const copy = mkdtempSync(join(tmpdir(), "usc-stale-validators-"));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** Validates one response in a fresh process whose spec/ is the copy's; returns what it printed. */
async function validateInCopy(): Promise<{ stdout: string; stderr: string }> {
  const script = [
    `import { validateResponse } from ${JSON.stringify(join(copy, "spec/index.ts"))};`,
    `try { console.log(JSON.stringify(validateResponse("rest", "updateSession.get", 404, "{}",`,
    `  { "content-type": "application/json" }))); } catch (error) { console.log("refused: " + error.message); }`,
  ].join("\n");
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsx, "--eval", script], {
    cwd: copy,
    timeout: 60_000,
  });
  return { stdout, stderr };
}

describe("validators generated from other documents", () => {
  // Two fresh tsx processes: about 2 s each alone, several under load.
  it("are refused with the command that regenerates them, instead of checking against old rules", async () => {
    cpSync(join(root, "spec"), join(copy, "spec"), { recursive: true });
    symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
    symlinkSync(join(root, "package.json"), join(copy, "package.json"));

    const fresh = await validateInCopy();
    expect(fresh.stdout).toMatch(/^\[\{"code":"/);

    // Any edit of a document (here a comment) makes the generated code stale.
    appendFileSync(join(copy, "spec/openapi/rest.yaml"), "# edited after generating\n");
    const stale = await validateInCopy();
    expect(stale.stdout.trim()).toBe(
      "refused: spec/generated/validators.js was generated from another spec/openapi/rest.yaml: " +
        "run `npm run generate:validators`",
    );
  }, 120_000);
});
