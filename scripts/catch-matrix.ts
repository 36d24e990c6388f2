/**
 * The catch matrix (scripts/support/catch-matrix-runner.ts): runs the suites against the unmodified reference
 * server and against every fault variant, prints one line per run, and writes docs/catch-matrix.md. Exits 1
 * when a row does not hold (a catcher that did not fail, a clean run that did not pass).
 *
 *   npx tsx scripts/catch-matrix.ts [--parallel N] [--json FILE] [--no-write] [FAULT ...]
 *
 * --json writes the raw runs (test/catch-matrix.test.ts reads them); --no-write leaves the document alone.
 * Naming faults runs only those, and never writes the document (it would be partial).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  catchMatrixPath,
  defaultParallelism,
  renderCatchMatrix,
  rowProblems,
  runCatchMatrix,
  unexercisedChecks,
  unexercisedReasons,
} from "./support/catch-matrix-runner.ts";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: {
    parallel: { type: "string" },
    json: { type: "string" },
    "no-write": { type: "boolean" },
  },
  allowPositionals: true,
});
const parallel = values.parallel === undefined ? defaultParallelism() : Number(values.parallel);
const started = performance.now();
const matrix = await runCatchMatrix({
  parallel,
  ...(positionals.length === 0 ? {} : { faults: positionals }),
  onRun: (run, log) => {
    const problems = rowProblems(run);
    log(`${problems.length === 0 ? "ok  " : "FAIL"} ${run.fault ?? "(unmodified server)"}`);
    for (const problem of problems) log(`       ${problem}`);
  },
});
const runs = matrix.variants.length + 1;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stderr.write(`${runs} runs in ${seconds} s, ${parallel} at a time\n`);
if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(matrix));
if (positionals.length === 0 && values["no-write"] !== true) {
  writeFileSync(catchMatrixPath, renderCatchMatrix(matrix));
  process.stderr.write(`wrote ${catchMatrixPath.pathname}\n`);
  const unexplained = unexercisedChecks(matrix).filter((id) => unexercisedReasons[id] === undefined);
  if (unexplained.length > 0)
    process.stderr.write(`checks no fault exercises and no reason explains: ${unexplained.join(", ")}\n`);
}
const failed = [matrix.clean, ...matrix.variants].filter((run) => rowProblems(run).length > 0);
process.exitCode = failed.length === 0 ? 0 : 1;
