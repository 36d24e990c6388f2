import { describe, expect, it } from "vitest";
import { toJUnitXml } from "../reporters/junit.ts";
import type { RunResult } from "../src/results/model.ts";
import { canonicalXml, junitSchemaErrors } from "./fixtures/junit/lint.ts";
import {
  emptyRun,
  everyStatusRun,
  nastyRun,
  sampleRun,
  secretsList,
  secretsRun,
} from "./support/sample-run.ts";

const runs: Record<string, () => RunResult> = {
  "a run with every status": () => everyStatusRun(),
  "a run full of hostile text and oversized bodies": () => nastyRun(),
  "an empty run": () => emptyRun(),
  "an empty run with run errors": () => emptyRun({ runErrors: ["cleanup left session-9 behind"] }),
  "a run that leaked secrets": () => secretsRun(),
  "an embedded-target run with odd timestamps": () =>
    sampleRun({ embeddedTarget: true, startedAt: "not a date", finishedAt: "" }),
};

describe("the JUnit report is valid JUnit XML", () => {
  for (const [name, build] of Object.entries(runs)) {
    it(`for ${name}: well-formed and valid against the strict schema`, async () => {
      const xml = toJUnitXml(build(), { secrets: secretsList });
      await expect(canonicalXml(xml)).resolves.toContain("<testsuites");
      expect(await junitSchemaErrors(xml)).toEqual([]);
    });
  }

  it("is checked by a schema that rejects what consumers reject", async () => {
    const valid = toJUnitXml(everyStatusRun());
    const broken = {
      "a testcase without classname": valid.replace(/ classname="[^"]*"/, ""),
      "a testcase both failed and skipped": valid.replace("<failure ", '<skipped message="x"/><failure '),
      "a negative count": valid.replace(/ failures="\d+"/, ' failures="-1"'),
      "a timestamp with a zone": valid.replace(/ timestamp="([^"]*)"/, ' timestamp="$1Z"'),
      "an unknown element": valid.replace("<system-out>", "<stdout/><system-out>"),
      "an empty test name": valid.replace(/<testcase name="[^"]*"/, '<testcase name=""'),
    };
    for (const [what, xml] of Object.entries(broken)) {
      expect(xml, what).not.toBe(valid);
      expect(await junitSchemaErrors(xml), what).not.toEqual([]);
    }
  });

  it("is checked by a parser that rejects malformed XML", async () => {
    await expect(canonicalXml("<testsuites><testsuite></testsuites>")).rejects.toThrow(/not well-formed/);
    await expect(canonicalXml("<testsuites>\u0001</testsuites>")).rejects.toThrow(/not well-formed/);
  });
});
