/**
 * One fresh process of bench/validate.ts: makes every validator usable the way the mode says and prints
 * the time of each phase as JSON. `compiled`: ajv compiles every schema now (what runs did before the
 * validators were generated); `precompiled`: the generated module is loaded and every validator looked up.
 */
import { performance } from "node:perf_hooks";

const mode = process.argv[2];
const lap = (() => {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = now - last;
    last = now;
    return ms;
  };
})();

if (mode === "precompiled") {
  await import("../spec/generated/validators.js");
  const validatorsModuleMs = lap();
  const spec = await import("../spec/index.ts");
  const importMs = lap();
  for (const dialect of spec.dialects) spec.operationsOf(dialect);
  const documentsMs = lap();
  const count = spec.compileAllValidators();
  const lookupMs = lap();
  const validatorsMs = validatorsModuleMs + lookupMs;
  const sinceStartMs = performance.now();
  console.log(JSON.stringify({ count, validatorsMs, importMs, documentsMs, sinceStartMs }));
} else if (mode === "compiled") {
  const { SchemaCompiler } = await import("../spec/schema-compiler.ts");
  const ajvImportMs = lap();
  const { dialects } = await import("../spec/dialect.ts");
  const { operationsOf } = await import("../spec/operations.ts");
  const { validatedSchemas } = await import("../spec/schemas.ts");
  const importMs = lap();
  for (const dialect of dialects) operationsOf(dialect);
  const documentsMs = lap();
  let count = 0;
  for (const dialect of dialects) {
    const compiler = new SchemaCompiler(dialect);
    for (const { schema, branches } of validatedSchemas(dialect)) {
      for (const each of [schema, ...branches]) compiler.compile(each);
      count += 1;
    }
  }
  const compileMs = lap();
  const validatorsMs = ajvImportMs + compileMs;
  const sinceStartMs = performance.now();
  console.log(JSON.stringify({ count, validatorsMs, importMs, documentsMs, sinceStartMs }));
} else {
  console.error("usage: validate-cold.ts compiled|precompiled");
  process.exitCode = 2;
}
