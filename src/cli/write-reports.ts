import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type JUnitTranscripts,
  toHtml,
  toJUnitXml,
  toMarkdown,
  toResultsJson,
} from "../../reporters/index.ts";
import type { RunResult } from "../results/model.ts";

export interface ReportPaths {
  junit: string;
  results: string;
  markdown: string;
  html: string;
}

/** Writes the JUnit, JSON, Markdown and HTML reports; every reporter scrubs the run's secrets once more. */
export function writeReports(
  run: RunResult,
  reportDir: string,
  junitPath: string,
  secrets: readonly string[],
  junitTranscripts: JUnitTranscripts = "failures",
): ReportPaths {
  const paths = {
    junit: junitPath,
    results: join(reportDir, "results.json"),
    markdown: join(reportDir, "report.md"),
    html: join(reportDir, "report.html"),
  };
  for (const path of Object.values(paths)) mkdirSync(dirname(path), { recursive: true });
  writeFileSync(paths.junit, toJUnitXml(run, { secrets, transcripts: junitTranscripts }));
  writeFileSync(paths.results, toResultsJson(run, { secrets }));
  writeFileSync(paths.markdown, toMarkdown(run, { secrets }));
  writeFileSync(paths.html, toHtml(run, { secrets }));
  return paths;
}
