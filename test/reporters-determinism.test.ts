import { describe, expect, it } from "vitest";
import { failureLines, summaryLine, toJUnitXml, toMarkdown, toResultsJson } from "../reporters/index.ts";
import type { RunResult } from "../src/results/model.ts";
import { nastyRun, secretsList, secretsRun } from "./support/sample-run.ts";

const reporters: Record<string, (run: RunResult) => string> = {
  junit: (run) => toJUnitXml(run, { secrets: secretsList }),
  json: (run) => toResultsJson(run, { secrets: secretsList }),
  markdown: (run) => toMarkdown(run, { secrets: secretsList }),
  console: (run) => [summaryLine(run), ...failureLines(run, { secrets: secretsList })].join("\n"),
};

describe("reporters are deterministic pure functions", () => {
  for (const [name, report] of Object.entries(reporters)) {
    it(`${name}: the same run gives the same bytes, and the run is left untouched`, () => {
      for (const build of [nastyRun, secretsRun]) {
        const run = build();
        const before = structuredClone(run);
        const first = report(run);
        expect(report(structuredClone(run))).toBe(first);
        expect(report(build())).toBe(first);
        expect(run).toEqual(before);
      }
    });
  }
});
