/**
 * Writes docs/traceability.md from the catch matrix's runs: the clean run's verdicts and the fault runs'
 * proofs (scripts/support/traceability-report.ts). `npx tsx scripts/catch-matrix.ts` writes it too, from
 * the same runs it writes docs/catch-matrix.md from; this script is for the traceability alone: from the
 * raw runs a matrix saved (`--from FILE`, what `scripts/catch-matrix.ts --json FILE` wrote), or by running
 * the clean row and the fault rows itself (no profiles). Exits 1, after writing, when a traceability rule
 * does not hold.
 *
 *   npx tsx scripts/traceability.ts [--from FILE]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runCatchMatrix, type CatchMatrix } from "./support/catch-matrix-runner.ts";
import {
  renderTraceability,
  summaryLine,
  traceabilityPath,
  traceabilityProblems,
  traceMatrix,
} from "./support/traceability-report.ts";

const { values } = parseArgs({ args: process.argv.slice(2), options: { from: { type: "string" } } });
const started = performance.now();
let matrix: CatchMatrix;
if (values.from === undefined) {
  matrix = await runCatchMatrix();
} else {
  try {
    matrix = JSON.parse(readFileSync(values.from, "utf8")) as CatchMatrix;
  } catch (error) {
    process.stderr.write(`cannot read the catch matrix's runs from ${values.from}: ${String(error)}\n`);
    process.exit(2);
  }
}
const trace = traceMatrix(matrix);
writeFileSync(traceabilityPath, renderTraceability(trace));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stderr.write(`wrote ${traceabilityPath.pathname} in ${seconds} s: ${summaryLine(trace)}\n`);
for (const error of matrix.clean.runErrors) process.stderr.write(`run error: ${error}\n`);
const problems = traceabilityProblems(trace);
for (const problem of problems) process.stderr.write(`FAIL ${problem}\n`);
process.exitCode = problems.length === 0 && matrix.clean.runErrors.length === 0 ? 0 : 1;
