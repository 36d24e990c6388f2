import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toJUnitXml } from "../reporters/junit.ts";
import type { RunResult } from "../src/results/model.ts";
import {
  canonicalXml,
  consumerSchemaErrors,
  consumerSchemaFile,
  junitSchemaErrors,
} from "./fixtures/junit/lint.ts";
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
  "a run that could not start": () =>
    emptyRun({ startFailure: "connection refused", runErrors: ["connection refused"] }),
  "an interrupted, filtered run": () =>
    everyStatusRun({
      interrupted: true,
      dialects: ["api"],
      selection: { grep: "a|b", dialect: "api", notConfigured: ["no --other-username"] },
    }),
};

describe("the JUnit report is valid JUnit XML", () => {
  for (const [name, build] of Object.entries(runs)) {
    it(`for ${name}: well-formed and valid against the Jenkins xunit schema and ours`, async () => {
      for (const transcripts of ["failures", "all", "none"] as const) {
        const xml = toJUnitXml(build(), { secrets: secretsList, transcripts });
        await expect(canonicalXml(xml)).resolves.toContain("<testsuites");
        expect(await junitSchemaErrors(xml), transcripts).toEqual([]);
      }
    });
  }

  it("is checked against the Jenkins xunit plugin's junit-10.xsd verbatim", () => {
    const ours = readFileSync(new URL(`./fixtures/junit/${consumerSchemaFile}`, import.meta.url), "utf8");
    const reference = new URL(`../../shared/reference/junit/${consumerSchemaFile}`, import.meta.url);
    // The shared reference sits beside the checkout in the project's layout; a packed copy may lack it.
    if (existsSync(reference)) expect(ours).toBe(readFileSync(reference, "utf8"));
    expect(ours).toContain("Copyright (c) 2014, Gregory Boissinot");
  });

  it("is rejected by that schema in the shapes that consumer rejects", async () => {
    const valid = toJUnitXml(everyStatusRun());
    expect(await consumerSchemaErrors(valid)).toEqual([]);
    const broken = {
      "properties inside a testcase": valid.replace(
        /(<testcase [^>]*>)/,
        '$1<properties><property name="a" value="b"/></properties>',
      ),
      "skipped on testsuites": valid.replace("<testsuites ", '<testsuites skipped="1" '),
    };
    for (const [what, xml] of Object.entries(broken)) {
      expect(xml, what).not.toBe(valid);
      expect(await consumerSchemaErrors(xml), what).not.toEqual([]);
    }
  });

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
