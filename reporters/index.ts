/** The reporters: pure functions from a RunResult to text. None of them calls the target or writes files. */
export { type JUnitOptions, type JUnitTranscripts, junitTranscriptModes, toJUnitXml } from "./junit.ts";
export {
  type ResultsDocument,
  type ResultsSummary,
  summaryOf,
  toResultsDocument,
  toResultsJson,
} from "./json.ts";
export { toMarkdown } from "./markdown.ts";
export { toHtml } from "./html.ts";
export { comparisonMarkdown, comparisonText } from "./comparison.ts";
export {
  type ConsoleOptions,
  failureLines,
  runErrorLines,
  selectionLine,
  suiteProgressLine,
  summaryLine,
  verdictPhrase,
} from "./console.ts";
export { selectionNotes } from "./selection.ts";
export type { RedactionOptions } from "../src/http/redact.ts";
export { decideVerdict, type RunVerdict, type Verdict, verdictOf } from "./verdict.ts";
