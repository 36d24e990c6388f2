/**
 * One fresh process of bench/validate.ts: makes every validator usable the way the mode says and prints
 * the time of each phase as JSON. `compiled`: what runs did before spec/generated/ existed: parse both
 * YAML documents, then ajv compiles every operation's schema as compileAllValidators did (its phase also
 * reads the generated JSON the loader now prefers, a few ms). The generated validators cover the
 * component schemas too, so `precompiled` looks up more. `precompiled`: the loader reads the generated JSON and every validator is looked up
 * in the generated module.
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
  const { loadGeneratedValidators } = await import("../spec/load-validators.ts");
  lap();
  // The script with V8's code cache (written by the first process of a tree, used by the next ones).
  const { codeCache } = loadGeneratedValidators();
  const validatorsModuleMs = lap();
  const spec = await import("../spec/index.ts");
  const importMs = lap();
  for (const dialect of spec.dialects) spec.operationsOf(dialect);
  const documentsMs = lap();
  const count = spec.compileAllValidators();
  const lookupMs = lap();
  const validatorsMs = validatorsModuleMs + lookupMs;
  const sinceStartMs = performance.now();
  console.log(
    JSON.stringify({
      count,
      validatorsMs,
      loadMs: validatorsModuleMs,
      lookupMs,
      importMs,
      documentsMs,
      sinceStartMs,
      codeCache,
    }),
  );
} else if (mode === "compiled") {
  const { SchemaCompiler } = await import("../spec/schema-compiler.ts");
  const ajvImportMs = lap();
  const { dialects } = await import("../spec/dialect.ts");
  const { parseOpenapiDocument } = await import("../spec/openapi-documents.ts");
  const { operationSchemas } = await import("../spec/schemas.ts");
  const importMs = lap();
  for (const dialect of dialects) parseOpenapiDocument(dialect);
  const documentsMs = lap();
  let count = 0;
  for (const dialect of dialects) {
    const compiler = new SchemaCompiler(dialect);
    for (const { schema, branches } of operationSchemas(dialect)) {
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
