import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { failureLines, runErrorLines, toJUnitXml, toMarkdown, toResultsJson } from "../reporters/index.ts";
import { redactValue } from "../src/http/redact.ts";
import { writeReports } from "../src/cli/write-reports.ts";
import { secretsList, secretsRun } from "./support/sample-run.ts";

// The three reports of a run are written from one redacted copy: walking every transcript once per
// report was most of the time spent writing them.
describe("redacting a run once for all its reports", () => {
  it("a copy redactValue made is not walked again for the same secrets, and is for others", () => {
    const run = secretsRun();
    const copy = redactValue(run, secretsList);
    expect(copy).not.toBe(run);
    expect(redactValue(copy, secretsList)).toBe(copy);
    expect(redactValue(copy, [...secretsList, "another-secret"])).not.toBe(copy);
    expect(redactValue(copy, [])).not.toBe(copy);
  });

  it("the reports written from the one copy are those each reporter writes from the run itself", () => {
    const dir = mkdtempSync(join(tmpdir(), "usc-redact-once-"));
    try {
      const run = secretsRun();
      const paths = writeReports(run, dir, join(dir, "junit.xml"), secretsList, "all");
      expect(readFileSync(paths.junit, "utf8")).toBe(
        toJUnitXml(secretsRun(), { secrets: secretsList, transcripts: "all" }),
      );
      expect(readFileSync(paths.results, "utf8")).toBe(toResultsJson(secretsRun(), { secrets: secretsList }));
      expect(readFileSync(paths.markdown, "utf8")).toBe(toMarkdown(secretsRun(), { secrets: secretsList }));
      for (const secret of secretsList) {
        for (const path of [paths.junit, paths.results, paths.markdown])
          expect(readFileSync(path, "utf8")).not.toContain(secret);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the failure lines of the one copy (as usc run prints them) are those of the run itself", () => {
    const copy = redactValue(secretsRun(), secretsList);
    const lines = [
      ...failureLines(copy, { secrets: secretsList }),
      ...runErrorLines(copy, { secrets: secretsList }),
    ];
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toEqual([
      ...failureLines(secretsRun(), { secrets: secretsList }),
      ...runErrorLines(secretsRun(), { secrets: secretsList }),
    ]);
    for (const secret of secretsList) expect(lines.join("\n")).not.toContain(secret);
  });
});
