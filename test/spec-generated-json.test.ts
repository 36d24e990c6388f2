import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyCompiledSpec, type SpecCopy } from "./support/spec-copy.ts";

// What a fresh process reads from a copy of spec/ instead of the YAML (spec/generated/): the OpenAPI
// documents and the requirements catalogue, each read while it matches its YAML and dropped as soon as its
// own YAML changes; and the precompiled validators, refused once the document they were generated from
// changed. One copy of spec/ and three fresh processes cover all three: each process prints what it read
// and how a response validated, so the middle one also shows that an edit of one YAML leaves the other's
// JSON in use. The copy is of spec/ compiled as usc runs it: a plain node process, without tsx's loader
// (about 0.15 CPU-seconds a process instead of 0.5).

let copy: SpecCopy | undefined;
afterAll(() => copy?.remove());

const printAll = `const [first] = spec.loadRequirements();
let validation;
try {
  const findings = spec.validateResponse("rest", "updateSession.get", 404, "{}", { "content-type": "application/json" });
  validation = JSON.stringify(findings);
} catch (error) {
  validation = "refused: " + error.message;
}
console.log(JSON.stringify({
  title: spec.openapiDocument("rest").info.title,
  statement: first.statement,
  errata: spec.loadErrata().length,
  validation,
}));`;

interface Read {
  title: string;
  statement: string;
  errata: number;
  validation: string;
}

const marker = "read from the generated JSON";
let yamlTitle = "";
let yamlStatement = "";
/** Read with both JSON forms marked, after the edit of rest.yaml, and after the edit of requirements.yaml. */
let matching: Read;
let documentEdited: Read;
let bothEdited: Read;

beforeAll(async () => {
  copy = await copyCompiledSpec();
  const dir = copy.dir;
  const read = async () => JSON.parse(await (copy as SpecCopy).run(printAll)) as Read;
  // Mark both JSON forms so the output shows which of the two forms was read.
  const documentJson = join(dir, "spec/generated/rest.json");
  const document = JSON.parse(readFileSync(documentJson, "utf8")) as {
    document: { info: { title: string } };
  };
  yamlTitle = document.document.info.title;
  document.document.info.title = marker;
  writeFileSync(documentJson, JSON.stringify(document));

  const requirementsJson = join(dir, "spec/generated/requirements.json");
  const requirements = JSON.parse(readFileSync(requirementsJson, "utf8")) as {
    data: { requirements: Array<{ id: string; statement: string }> };
  };
  const first = requirements.data.requirements[0];
  yamlStatement = first?.statement ?? "";
  if (first !== undefined) first.statement = marker;
  writeFileSync(requirementsJson, JSON.stringify(requirements));
  matching = await read();

  // Any edit of a YAML (here a comment) makes its own JSON stale, and only its own.
  appendFileSync(join(dir, "spec/openapi/rest.yaml"), "# edited after generating\n");
  documentEdited = await read();

  appendFileSync(join(dir, "spec/requirements.yaml"), "# edited after generating\n");
  bothEdited = await read();
}, 120_000);

describe("the generated JSON forms of the spec a process reads", () => {
  it("come from the JSON while it matches its YAML, and from the YAML once that changed", () => {
    expect(yamlStatement).not.toBe("");
    expect(matching).toMatchObject({ title: marker, statement: marker });
    expect(documentEdited).toMatchObject({ title: yamlTitle, statement: marker });
    expect(bothEdited).toMatchObject({ title: yamlTitle, statement: yamlStatement });
    expect(bothEdited.errata).toBeGreaterThan(0);
  });
});

describe("validators generated from other documents", () => {
  it("are refused with the command that regenerates them, instead of checking against old rules", () => {
    expect(matching.validation).toMatch(/^\[\{"code":"/);
    expect(documentEdited.validation).toBe(
      "refused: spec/generated/validators.js was generated from another spec/openapi/rest.yaml: " +
        "run `npm run generate:validators`",
    );
  });
});
