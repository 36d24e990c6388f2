import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copySpec } from "./support/spec-copy.ts";

const copy = copySpec();
afterAll(() => copy.remove());

const printTitle = `console.log(spec.openapiDocument("rest").info.title);`;

describe("the documents a process reads", () => {
  // Two fresh node processes with tsx's loader: about 0.5 s each alone, a few under load.
  it("come from the generated JSON while it matches the YAML, and from the YAML once that changed", async () => {
    // Mark the JSON form so the output shows which of the two was read.
    const jsonPath = join(copy.dir, "spec/generated/rest.json");
    const generated = JSON.parse(readFileSync(jsonPath, "utf8")) as { document: { info: { title: string } } };
    const yamlTitle = generated.document.info.title;
    generated.document.info.title = "read from the generated JSON";
    writeFileSync(jsonPath, JSON.stringify(generated));
    expect((await copy.run(printTitle)).trim()).toBe("read from the generated JSON");

    appendFileSync(join(copy.dir, "spec/openapi/rest.yaml"), "# edited after generating\n");
    expect((await copy.run(printTitle)).trim()).toBe(yamlTitle);
  }, 120_000);
});
