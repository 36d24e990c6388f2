import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyCompiledSpec, type SpecCopy } from "./support/spec-copy.ts";

// What a fresh process reads from a copy of spec/: its documents (the generated JSON or the YAML) and its
// validators (the generated code, or a refusal once the YAML changed). Each process prints both, so two
// processes serve the two tests below, one while the generated files match the YAML, one after the YAML
// was edited. The copy is of spec/ compiled as usc runs it: a plain node process, without tsx's loader.
let copy: SpecCopy | undefined;
afterAll(() => copy?.remove());

const printBoth = `let validation;
try {
  const findings = spec.validateResponse("rest", "updateSession.get", 404, "{}", { "content-type": "application/json" });
  validation = JSON.stringify(findings);
} catch (error) {
  validation = "refused: " + error.message;
}
console.log(JSON.stringify({ title: spec.openapiDocument("rest").info.title, validation }));`;

interface Printed {
  title: string;
  validation: string;
}

let yamlTitle = "";
let matching: Printed;
let edited: Printed;

beforeAll(async () => {
  copy = await copyCompiledSpec();
  // Mark the JSON form so the output shows which of the two was read.
  const jsonPath = join(copy.dir, "spec/generated/rest.json");
  const generated = JSON.parse(readFileSync(jsonPath, "utf8")) as { document: { info: { title: string } } };
  yamlTitle = generated.document.info.title;
  generated.document.info.title = "read from the generated JSON";
  writeFileSync(jsonPath, JSON.stringify(generated));
  matching = JSON.parse(await copy.run(printBoth)) as Printed;

  // Any edit of a document (here a comment) makes the generated JSON and code stale.
  appendFileSync(join(copy.dir, "spec/openapi/rest.yaml"), "# edited after generating\n");
  edited = JSON.parse(await copy.run(printBoth)) as Printed;
}, 120_000);

describe("the documents a process reads", () => {
  it("come from the generated JSON while it matches the YAML, and from the YAML once that changed", () => {
    expect(matching.title).toBe("read from the generated JSON");
    expect(edited.title).toBe(yamlTitle);
  });
});

describe("validators generated from other documents", () => {
  it("are refused with the command that regenerates them, instead of checking against old rules", () => {
    expect(matching.validation).toMatch(/^\[\{"code":"/);
    expect(edited.validation).toBe(
      "refused: spec/generated/validators.js was generated from another spec/openapi/rest.yaml: " +
        "run `npm run generate:validators`",
    );
  });
});
