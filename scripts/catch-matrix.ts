/**
 * The catch matrix (scripts/support/catch-matrix-runner.ts): runs the suites against the unmodified reference
 * server, against every fault variant and against every composite profile (scripts/support/fault-profiles.ts),
 * prints one line per run, and writes docs/catch-matrix.md and, from the same runs, docs/traceability.md
 * (the clean run's verdicts, the fault runs' proofs). Exits 1 when a row does not hold (a catcher that did
 * not fail, a clean run that did not pass, a profile with blocked checks it does not explain) or a
 * traceability rule does not.
 *
 *   npx tsx scripts/catch-matrix.ts [--parallel N] [--json FILE] [--no-write] [--profiles-only] [FAULT ...]
 *
 * --json writes the raw runs (test/catch-matrix.test.ts reads them); --no-write leaves the document alone.
 * Naming faults runs only those (and no profile); --profiles-only runs the clean run and the profiles
 * (test/composite-profiles.test.ts). Either never writes the documents (they would be partial).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  catchMatrixPath,
  defaultParallelism,
  runCatchMatrix,
  unexercisedChecks,
  unexercisedReasons,
} from "./support/catch-matrix-runner.ts";
import { renderCatchMatrixDocument, runProblems } from "./support/fault-profile-runs.ts";
import { faultProfiles } from "./support/fault-profiles.ts";
import { faultTable } from "../server/index.ts";
import {
  renderTraceability,
  summaryLine,
  traceabilityPath,
  traceabilityProblems,
  traceMatrix,
} from "./support/traceability-report.ts";

const usage =
  "usage: npx tsx scripts/catch-matrix.ts [--parallel N] [--json FILE] [--no-write] [--profiles-only] [FAULT ...]";

/** A usage mistake: the message and the usage line on stderr, exit 2, no stack trace. */
function usageError(message: string): never {
  process.stderr.write(`catch-matrix: ${message}\n${usage}\n`);
  process.exit(2);
}

function parseArguments() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: {
        parallel: { type: "string" },
        json: { type: "string" },
        "no-write": { type: "boolean" },
        "profiles-only": { type: "boolean" },
        help: { type: "boolean" },
      },
      allowPositionals: true,
    });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
}

const { values, positionals } = parseArguments();
if (values.help === true) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const parallel = values.parallel === undefined ? defaultParallelism() : Number(values.parallel);
if (!Number.isInteger(parallel) || parallel < 1)
  usageError(`--parallel ${values.parallel} is not a positive integer`);
const unknownFaults = positionals.filter((name) => !faultTable.some((fault) => fault.name === name));
if (unknownFaults.length > 0) usageError(`no fault named ${unknownFaults.join(", ")} in server/faults.ts`);
const started = performance.now();
const profilesOnly = values["profiles-only"] === true;
const partial = positionals.length > 0 || profilesOnly;
const matrix = await runCatchMatrix({
  parallel,
  ...(profilesOnly ? { faults: [] } : positionals.length === 0 ? {} : { faults: positionals }),
  ...(positionals.length === 0 ? { profiles: faultProfiles } : {}),
  onRun: (run, log) => {
    const problems = runProblems(run);
    const name = run.profile === undefined ? run.fault : `profile ${run.profile}`;
    log(`${problems.length === 0 ? "ok  " : "FAIL"} ${name ?? "(unmodified server)"}`);
    for (const problem of problems) log(`       ${problem}`);
  },
});
const runs = matrix.variants.length + matrix.profiles.length + 1;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stderr.write(`${runs} runs in ${seconds} s, ${parallel} at a time\n`);
if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(matrix));
if (!partial && values["no-write"] !== true) {
  writeFileSync(catchMatrixPath, renderCatchMatrixDocument(matrix));
  process.stderr.write(`wrote ${catchMatrixPath.pathname}\n`);
  const unexplained = unexercisedChecks(matrix).filter((id) => unexercisedReasons[id] === undefined);
  if (unexplained.length > 0)
    process.stderr.write(`checks no fault exercises and no reason explains: ${unexplained.join(", ")}\n`);
}
// The traceability is judged from every full matrix; written only where the matrix document is.
const traceProblems: string[] = [];
if (positionals.length === 0 && !profilesOnly) {
  const trace = traceMatrix(matrix);
  if (values["no-write"] !== true) {
    writeFileSync(traceabilityPath, renderTraceability(trace));
    process.stderr.write(`wrote ${traceabilityPath.pathname}\n`);
  }
  process.stderr.write(`${summaryLine(trace)}\n`);
  traceProblems.push(...traceabilityProblems(trace));
  for (const problem of traceProblems) process.stderr.write(`FAIL ${problem}\n`);
}
const failed = [matrix.clean, ...matrix.variants, ...matrix.profiles].filter(
  (run) => runProblems(run).length > 0,
);
process.exitCode = failed.length === 0 && traceProblems.length === 0 ? 0 : 1;
