/**
 * Validator benchmark. In fresh processes (bench/validate-cold.ts, the two modes interleaved so load on
 * the machine hits both alike): how long making every validator usable takes when ajv compiles them at
 * start (as before) and when the generated module is loaded, and reading the documents, from their YAML
 * (as before) or from their generated JSON. In this process: responses per second through validateResponse, and one schema's
 * validations per second compiled here versus precompiled. Prints medians; asserts nothing (machines here
 * are shared and noisy).
 */
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { findOperation, validateResponse } from "../spec/index.ts";
import { SchemaCompiler } from "../spec/schema-compiler.ts";
import { validatorOf } from "../spec/validators.ts";

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

type Mode = "compiled" | "precompiled";
interface Cold {
  count: number;
  validatorsMs: number;
  importMs: number;
  documentsMs: number;
  sinceStartMs: number;
}

function cold(mode: Mode): Cold {
  const tsx = fileURLToPath(new URL("../node_modules/tsx/dist/cli.mjs", import.meta.url));
  const child = fileURLToPath(new URL("./validate-cold.ts", import.meta.url));
  return JSON.parse(execFileSync(process.execPath, [tsx, child, mode], { encoding: "utf8" })) as Cold;
}

function throughput(label: string, run: () => unknown, seconds = 1): number {
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    let count = 0;
    const start = performance.now();
    while (performance.now() - start < (seconds * 1000) / 5) {
      run();
      count++;
    }
    samples.push(count / ((performance.now() - start) / 1000));
  }
  const result = median(samples);
  console.log(`${label.padEnd(52)} median ${Math.round(result).toLocaleString("en")} validations/s`);
  return result;
}

const runs = Number(process.env["BENCH_RUNS"] ?? 7);
const results: Record<Mode, Cold[]> = { compiled: [], precompiled: [] };
for (let run = 0; run < runs; run++) {
  for (const mode of ["compiled", "precompiled"] as const) results[mode].push(cold(mode));
}
console.log(`fresh processes, median of ${runs} runs each (ms):`);
console.log(
  `${"".padEnd(42)}${"validators".padStart(11)}${"documents".padStart(11)}${"imports".padStart(9)}${"process ready".padStart(15)}`,
);
for (const mode of ["compiled", "precompiled"] as const) {
  const of = (pick: (c: Cold) => number) => median(results[mode].map(pick)).toFixed(0);
  const label = `${mode === "compiled" ? "before: YAML, ajv at start" : "after: generated/"} (${results[mode][0]?.count} schemas)`;
  console.log(
    `${label.padEnd(42)}${of((c) => c.validatorsMs).padStart(11)}${of((c) => c.documentsMs).padStart(11)}` +
      `${of((c) => c.importMs).padStart(9)}${of((c) => c.sinceStartMs).padStart(15)}`,
  );
}
const ratio =
  median(results.compiled.map((c) => c.validatorsMs)) /
  median(results.precompiled.map((c) => c.validatorsMs));
const documentsRatio =
  median(results.compiled.map((c) => c.documentsMs)) / median(results.precompiled.map((c) => c.documentsMs));
console.log(`validators: ${ratio.toFixed(1)}x faster to make usable when generated`);
console.log(`documents: ${documentsRatio.toFixed(1)}x faster to read from the generated JSON`);

const json = { "content-type": "application/json" };
const model = {
  library_item_id: "item-1",
  library_item_content_version: "2",
  client_progress: 40,
  state: "ACTIVE",
  expiration_time: "2026-11-23T10:15:00.000Z",
  preview_info: { state: "UNAVAILABLE" },
  warning_behavior: [{ type: "SELF_SIGNED_CERTIFICATE", ignored: true }],
};
const modelText = { rest: JSON.stringify({ value: model }), api: JSON.stringify(model) };
const message = { id: "com.vmware.vapi.std.errors.not_found", default_message: "Not found.", args: [] };
const errorText = {
  rest: JSON.stringify({ type: "com.vmware.vapi.std.errors.not_found", value: { messages: [message] } }),
  api: JSON.stringify({ error_type: "NOT_FOUND", messages: [message] }),
};
for (const dialect of ["rest", "api"] as const) {
  throughput(`${dialect} updateSession.get 200 (session model)`, () =>
    validateResponse(dialect, "updateSession.get", 200, modelText[dialect], json),
  );
  throughput(`${dialect} updateSession.get 404 (error body)`, () =>
    validateResponse(dialect, "updateSession.get", 404, errorText[dialect], json),
  );
}

// The same schema's validator both ways, called directly: the generated code should be as fast.
const schema = findOperation("api", "updateSession.get")?.responses.get(200)?.schema;
if (schema !== undefined) {
  const start = performance.now();
  const compiled = new SchemaCompiler("api").compile(schema);
  console.log(`api session model schema compiled here in ${(performance.now() - start).toFixed(0)} ms`);
  const precompiled = validatorOf("api", schema);
  throughput("api session model, compiled here", () => compiled(model));
  throughput("api session model, precompiled", () => precompiled(model));
}
