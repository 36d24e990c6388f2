import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { toJUnitXml } from "../reporters/junit.ts";
import type { RunResult } from "../src/results/model.ts";
import {
  canonicalXml,
  canonicalXmlOfEach,
  consumerSchemaErrorsOfEach,
  consumerSchemaFile,
  junitSchemaErrorsOfEach,
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

const transcriptModes = ["failures", "all", "none"] as const;

interface Linted {
  canonical: string[];
  errors: string[][];
}

/** Reports linted together: xmllint starts once per schema and once for the canonical form, not per report. */
async function lintTogether(xmls: string[]): Promise<Linted> {
  const [canonical, errors] = await Promise.all([canonicalXmlOfEach(xmls), junitSchemaErrorsOfEach(xmls)]);
  return { canonical, errors };
}

describe("the JUnit report is valid JUnit XML", () => {
  const reports = Object.entries(runs).flatMap(([name, build]) =>
    transcriptModes.map((transcripts) => ({
      name,
      transcripts,
      xml: toJUnitXml(build(), { secrets: secretsList, transcripts }),
    })),
  );
  let linted: Linted;
  beforeAll(async () => {
    linted = await lintTogether(reports.map((report) => report.xml));
  });

  for (const name of Object.keys(runs)) {
    it(`for ${name}: well-formed and valid against the Jenkins xunit schema and ours`, () => {
      const mine = reports.flatMap((report, index) => (report.name === name ? [index] : []));
      expect(mine).toHaveLength(transcriptModes.length);
      for (const index of mine) {
        expect(linted.canonical[index]).toContain("<testsuites");
        expect(linted.errors[index], reports[index]?.transcripts).toEqual([]);
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
    const broken = {
      "properties inside a testcase": valid.replace(
        /(<testcase [^>]*>)/,
        '$1<properties><property name="a" value="b"/></properties>',
      ),
      "skipped on testsuites": valid.replace("<testsuites ", '<testsuites skipped="1" '),
    };
    const [validErrors, ...errors] = await consumerSchemaErrorsOfEach([valid, ...Object.values(broken)]);
    expect(validErrors).toEqual([]);
    for (const [index, [what, xml]] of Object.entries(broken).entries()) {
      expect(xml, what).not.toBe(valid);
      expect(errors[index], what).not.toEqual([]);
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
    const errors = await junitSchemaErrorsOfEach(Object.values(broken));
    for (const [index, [what, xml]] of Object.entries(broken).entries()) {
      expect(xml, what).not.toBe(valid);
      expect(errors[index], what).not.toEqual([]);
    }
  });

  it("is linted in batches that hold each report to its own messages", async () => {
    const valid = toJUnitXml(everyStatusRun());
    const invalid = valid.replace(/ classname="[^"]*"/, "");
    const errors = await junitSchemaErrorsOfEach([valid, invalid, valid]);
    expect(errors[0]).toEqual([]);
    expect(errors[1]?.join("\n")).toMatch(/report-1\.xml:\d+: .*classname/);
    expect(errors[2]).toEqual([]);
    const canonical = await canonicalXmlOfEach([valid, toJUnitXml(emptyRun())]);
    expect(canonical).toEqual([await canonicalXml(valid), await canonicalXml(toJUnitXml(emptyRun()))]);
    await expect(canonicalXmlOfEach([valid, "<testsuites><testsuite></testsuites>"])).rejects.toThrow(
      /report 1 is not well-formed/,
    );
  });

  it("is checked by a parser that rejects malformed XML", async () => {
    await expect(canonicalXml("<testsuites><testsuite></testsuites>")).rejects.toThrow(/not well-formed/);
    await expect(canonicalXml("<testsuites>\u0001</testsuites>")).rejects.toThrow(/not well-formed/);
  });
});
