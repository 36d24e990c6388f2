import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copySpec } from "./support/spec-copy.ts";

const copy = copySpec();
afterAll(() => copy.remove());

const firstRequirement = `const [first] = spec.loadRequirements();
console.log(JSON.stringify({ id: first.id, statement: first.statement, errata: spec.loadErrata().length }));`;

describe("the generated JSON form of the requirements catalogue", () => {
  // Two fresh node processes with tsx's loader: about 0.5 s each alone, a few under load.
  it("is read while it matches the YAML, and the YAML wins as soon as either differs", async () => {
    const requirementsJson = join(copy.dir, "spec/generated/requirements.json");
    const generated = JSON.parse(readFileSync(requirementsJson, "utf8")) as {
      data: { requirements: Array<{ id: string; statement: string }> };
    };
    const first = generated.data.requirements[0];
    expect(first).toBeDefined();
    const original = first?.statement ?? "";

    // A marker only the JSON carries shows which form was read: the JSON, while its digest matches.
    if (first !== undefined) first.statement = "read from the generated JSON";
    writeFileSync(requirementsJson, JSON.stringify(generated));
    expect(JSON.parse(await copy.run(firstRequirement))).toMatchObject({
      statement: "read from the generated JSON",
    });

    // Any edit of the YAML (here a comment) makes the JSON stale: the YAML's own text is read again.
    writeFileSync(
      join(copy.dir, "spec/requirements.yaml"),
      `${readFileSync(join(copy.dir, "spec/requirements.yaml"), "utf8")}# edited after generating\n`,
    );
    const fromYaml = JSON.parse(await copy.run(firstRequirement)) as { statement: string; errata: number };
    expect(fromYaml.statement).toBe(original);
    expect(fromYaml.errata).toBeGreaterThan(0);
  }, 120_000);
});
