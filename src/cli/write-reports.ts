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

/** The report files of a run, by name. */
export type ReportName = keyof ReportPaths;

/** What `usc run`, fuzz and pact verify write: every report. */
export const everyReport: readonly ReportName[] = ["junit", "results", "markdown", "html"];

/** Where each report of a run goes. */
function reportPaths(reportDir: string, junitPath: string): ReportPaths {
  return {
    junit: junitPath,
    results: join(reportDir, "results.json"),
    markdown: join(reportDir, "report.md"),
    html: join(reportDir, "report.html"),
  };
}

/**
 * Writes the JUnit, JSON, Markdown and HTML reports from one redacted copy of the run: each reporter redacts
 * what it is given, and recognises a copy redactValue already scrubbed of the same secrets.
 */
export function writeReports(
  run: RunResult,
  reportDir: string,
  junitPath: string,
  secrets: readonly string[],
  junitTranscripts: JUnitTranscripts = "failures",
): ReportPaths {
  writeSelectedReports(run, reportDir, junitPath, secrets, junitTranscripts, everyReport);
  return reportPaths(reportDir, junitPath);
}

/**
 * {@link writeReports} for the reports named in `reports` only (results.json always: it is the run's
 * record), returning the paths written in the order of {@link everyReport}. A report not asked for is not
 * rendered: the HTML and JUnit reports walk every transcript again, about a tenth of a one-suite run.
 */
export function writeSelectedReports(
  run: RunResult,
  reportDir: string,
  junitPath: string,
  secrets: readonly string[],
  junitTranscripts: JUnitTranscripts,
  reports: readonly ReportName[],
): string[] {
  const paths = reportPaths(reportDir, junitPath);
  const selected = everyReport.filter((name) => name === "results" || reports.includes(name));
  for (const name of selected) mkdirSync(dirname(paths[name]), { recursive: true });
  const safe = redactValue(run, secrets);
  const render: Record<ReportName, () => string> = {
    junit: () => toJUnitXml(safe, { secrets, transcripts: junitTranscripts }),
    results: () => toResultsJson(safe, { secrets }),
    markdown: () => toMarkdown(safe, { secrets }),
    html: () => toHtml(safe, { secrets }),
  };
  for (const name of selected) writeFileSync(paths[name], render[name]());
  return selected.map((name) => paths[name]);
}
