import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type JUnitTranscripts,
  redactRun,
  toJUnitXml,
  toMarkdown,
  toResultsJson,
} from "../../reporters/index.ts";
import type { RunResult } from "../results/model.ts";

export interface ReportPaths {
  junit: string;
  results: string;
  markdown: string;
}

/**
 * Writes the JUnit, JSON and Markdown reports from one redacted copy of the run: each reporter redacts what
 * it is given, and recognises a copy redactRun already scrubbed of the same secrets.
 */
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
  };
  for (const path of Object.values(paths)) mkdirSync(dirname(path), { recursive: true });
  const safe = redactRun(run, { secrets });
  writeFileSync(paths.junit, toJUnitXml(safe, { secrets, transcripts: junitTranscripts }));
  writeFileSync(paths.results, toResultsJson(safe, { secrets }));
  writeFileSync(paths.markdown, toMarkdown(safe, { secrets }));
  return paths;
}
