/**
 * Validator benchmark: how long a process takes to load both OpenAPI documents and compile every
 * validator, and how many responses per second validateResponse checks afterwards. Prints medians;
 * asserts nothing (machines here are shared and noisy).
 */
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { compileAllValidators, validateResponse } from "../spec/index.ts";

// Time from process start to here: loading the modules (the YAML itself is read on first use).
const loadedAt = performance.now();

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Load + compile measured in a fresh process each time, since a process compiles only once. */
function coldCompileMs(): number {
  const tsx = fileURLToPath(new URL("../node_modules/tsx/dist/cli.mjs", import.meta.url));
  const self = fileURLToPath(import.meta.url);
  const output = execFileSync(process.execPath, [tsx, self, "--cold-child"], { encoding: "utf8" });
  return (JSON.parse(output) as { ms: number }).ms;
}

function throughput(label: string, run: () => unknown, seconds = 1): void {
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
  console.log(`${label.padEnd(44)} median ${Math.round(median(samples)).toLocaleString("en")} validations/s`);
}

if (process.argv.includes("--cold-child")) {
  // The static imports above already loaded the documents' modules; compiling is the rest of the cost.
  const ms = performance.now();
  compileAllValidators();
  process.stdout.write(JSON.stringify({ ms: performance.now() - ms + loadedAt }));
  process.exit(0);
}

const runs = 5;
const cold = Array.from({ length: runs }, coldCompileMs);
console.log(
  `load + compile all validators (fresh process) median ${median(cold).toFixed(0)} ms over ${runs} runs`,
);

const start = performance.now();
const compiled = compileAllValidators();
console.log(`compile in this process: ${compiled} schemas in ${(performance.now() - start).toFixed(0)} ms`);

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
