/**
 * Writes docs/traceability.md: runs every suite in both dialects against the embedded reference server
 * (scripts/support/traceability-report.ts, the same run test/traceability.test.ts makes) and records, per
 * requirement, the checks that name it and their verdicts, or why none can test it. Exits 1, after
 * writing, when a traceability rule does not hold.
 *
 *   npx tsx scripts/traceability.ts
 */
import { writeFileSync } from "node:fs";
import {
  renderTraceability,
  runReference,
  traceabilityPath,
  traceabilityProblems,
  traceRequirements,
} from "./support/traceability-report.ts";

const started = performance.now();
const run = await runReference();
const trace = traceRequirements(run.checks);
writeFileSync(traceabilityPath, renderTraceability(trace));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stderr.write(
  `wrote ${traceabilityPath.pathname} from ${run.checks.length} results in ${seconds} s\n`,
);
for (const error of run.runErrors) process.stderr.write(`run error: ${error}\n`);
const problems = traceabilityProblems(trace);
for (const problem of problems) process.stderr.write(`FAIL ${problem}\n`);
process.exitCode = problems.length === 0 && run.runErrors.length === 0 ? 0 : 1;
