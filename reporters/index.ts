/** The reporters: pure functions from a RunResult to text. None of them calls the target or writes files. */
export { toJUnitXml } from "./junit.ts";
export {
  type ResultsDocument,
  type ResultsSummary,
  summaryOf,
  toResultsDocument,
  toResultsJson,
} from "./json.ts";
export { toMarkdown } from "./markdown.ts";
export {
  type ConsoleOptions,
  failureLines,
  runErrorLines,
  suiteProgressLine,
  summaryLine,
} from "./console.ts";
export { type RedactionOptions, redactRun, scrubSecrets, sensitiveHeaderNames } from "./redact.ts";
export { type Verdict, verdictOf } from "./verdict.ts";
