import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type JUnitTranscripts,
  toHtml,
  toJUnitXml,
  toMarkdown,
  toResultsJson,
} from "../../reporters/index.ts";
import { redactValue } from "../http/redact.ts";
import type { RunResult } from "../results/model.ts";

export interface ReportPaths {
  junit: string;
  results: string;
  markdown: string;
  html: string;
}

/**
 * Writes the JUnit, JSON, Markdown and HTML reports from one redacted copy of the run: each reporter redacts what
 * it is given, and recognises a copy redactValue already scrubbed of the same secrets.
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
    html: join(reportDir, "report.html"),
  };
  for (const path of Object.values(paths)) mkdirSync(dirname(path), { recursive: true });
  const safe = redactValue(run, secrets);
  writeFileSync(paths.junit, toJUnitXml(safe, { secrets, transcripts: junitTranscripts }));
  writeFileSync(paths.results, toResultsJson(safe, { secrets }));
  writeFileSync(paths.markdown, toMarkdown(safe, { secrets }));
  writeFileSync(paths.html, toHtml(safe, { secrets }));
  return paths;
}
