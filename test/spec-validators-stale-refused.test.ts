import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copySpec } from "./support/spec-copy.ts";

const copy = copySpec();
afterAll(() => copy.remove());

const validateOne = `try {
  const findings = spec.validateResponse("rest", "updateSession.get", 404, "{}", { "content-type": "application/json" });
  console.log(JSON.stringify(findings));
} catch (error) {
  console.log("refused: " + error.message);
}`;

describe("validators generated from other documents", () => {
  // Two fresh node processes with tsx's loader: about 0.5 s each alone, a few under load.
  it("are refused with the command that regenerates them, instead of checking against old rules", async () => {
    expect(await copy.run(validateOne)).toMatch(/^\[\{"code":"/);

    // Any edit of a document (here a comment) makes the generated code stale.
    appendFileSync(join(copy.dir, "spec/openapi/rest.yaml"), "# edited after generating\n");
    expect((await copy.run(validateOne)).trim()).toBe(
      "refused: spec/generated/validators.js was generated from another spec/openapi/rest.yaml: " +
        "run `npm run generate:validators`",
    );
  }, 120_000);
});
