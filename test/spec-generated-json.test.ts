import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copySpec } from "./support/spec-copy.ts";

// The generated JSON forms a process reads instead of the YAML (spec/generated/): the OpenAPI documents and
// the requirements catalogue, each read while it matches its YAML and dropped as soon as its own YAML
// changes. One copy of spec/ and three fresh processes cover both: each process prints what it read of
// both, so the middle one also shows that an edit of one YAML leaves the other's JSON in use.

const copy = copySpec();
afterAll(() => copy.remove());

const printBoth = `const [first] = spec.loadRequirements();
console.log(JSON.stringify({
  title: spec.openapiDocument("rest").info.title,
  statement: first.statement,
  errata: spec.loadErrata().length,
}));`;

interface Read {
  title: string;
  statement: string;
  errata: number;
}

const marker = "read from the generated JSON";

describe("the generated JSON forms of the spec a process reads", () => {
  // Three fresh node processes with tsx's loader: about 0.5 s each alone, a few under load.
  it("come from the JSON while it matches its YAML, and from the YAML once that changed", async () => {
    // Mark both JSON forms so the output shows which of the two forms was read.
    const documentJson = join(copy.dir, "spec/generated/rest.json");
    const document = JSON.parse(readFileSync(documentJson, "utf8")) as {
      document: { info: { title: string } };
    };
    const yamlTitle = document.document.info.title;
    document.document.info.title = marker;
    writeFileSync(documentJson, JSON.stringify(document));

    const requirementsJson = join(copy.dir, "spec/generated/requirements.json");
    const requirements = JSON.parse(readFileSync(requirementsJson, "utf8")) as {
      data: { requirements: Array<{ id: string; statement: string }> };
    };
    const first = requirements.data.requirements[0];
    expect(first).toBeDefined();
    const yamlStatement = first?.statement ?? "";
    if (first !== undefined) first.statement = marker;
    writeFileSync(requirementsJson, JSON.stringify(requirements));

    expect(JSON.parse(await copy.run(printBoth))).toMatchObject({ title: marker, statement: marker });

    // Any edit of a YAML (here a comment) makes its own JSON stale, and only its own.
    appendFileSync(join(copy.dir, "spec/openapi/rest.yaml"), "# edited after generating\n");
    expect(JSON.parse(await copy.run(printBoth))).toMatchObject({ title: yamlTitle, statement: marker });

    appendFileSync(join(copy.dir, "spec/requirements.yaml"), "# edited after generating\n");
    const fromYaml = JSON.parse(await copy.run(printBoth)) as Read;
    expect(fromYaml).toMatchObject({ title: yamlTitle, statement: yamlStatement });
    expect(fromYaml.errata).toBeGreaterThan(0);
  }, 120_000);
});
