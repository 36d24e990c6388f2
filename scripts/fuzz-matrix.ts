/**
 * The fuzz matrix (scripts/support/fuzz-matrix-runner.ts): `usc fuzz` against the unmodified reference
 * server and against fault variants, one line per row, and docs/fuzz.md. Exits 1 when a row does not hold
 * (a divergence on the clean server, a fault not found within the default budget).
 *
 *   npx tsx scripts/fuzz-matrix.ts [--no-write] [FAULT ...]
 *
 * Naming faults runs only those and never writes the document (it would be partial).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  fuzzMatrixPath,
  fuzzMatrixProblems,
  renderFuzzMatrix,
  runFuzzMatrix,
} from "./support/fuzz-matrix-runner.ts";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { "no-write": { type: "boolean" } },
  allowPositionals: true,
});
const started = performance.now();
const matrix = await runFuzzMatrix(positionals.length === 0 ? {} : { faults: positionals });
for (const row of matrix.clean)
  process.stderr.write(`clean ${row.dialect}: ${row.sequences} sequences, ${row.divergences} divergences\n`);
for (const row of matrix.faults)
  process.stderr.write(
    `${row.runsToDetection === undefined ? "MISS" : "ok  "} ${row.fault} [${row.dialect}]: ${row.runsToDetection ?? "-"} runs, ${row.shrunkSteps ?? "-"} steps, ${row.requirement ?? ""}\n`,
  );
const problems = fuzzMatrixProblems(matrix);
for (const problem of problems) process.stderr.write(`  ${problem}\n`);
process.stderr.write(`fuzz matrix in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
if (positionals.length === 0 && values["no-write"] !== true) {
  writeFileSync(fuzzMatrixPath, renderFuzzMatrix(matrix));
  process.stderr.write(`wrote ${fuzzMatrixPath.pathname}\n`);
}
process.exitCode = problems.length === 0 ? 0 : 1;
