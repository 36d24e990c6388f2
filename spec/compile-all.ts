import { dialects } from "./dialect.ts";
import { operationsOf } from "./operations.ts";
import { schemaCompiler } from "./schema-compiler.ts";

/**
 * Compiles every request and response schema of both dialects now instead of on first use, and returns
 * how many were compiled. A long-running process (the server, a run) can pay the cost once at start.
 */
export function compileAllValidators(): number {
  let count = 0;
  for (const dialect of dialects) {
    const compiler = schemaCompiler(dialect);
    for (const operation of operationsOf(dialect).values()) {
      const schemas = [
        operation.requestBodySchema,
        ...[...operation.responses.values()].map((r) => r.schema),
      ];
      for (const schema of schemas) {
        if (schema === undefined) continue;
        compiler.compile(schema);
        const resolved = compiler.resolve(schema) as { anyOf?: object[]; oneOf?: object[] };
        for (const branch of resolved.anyOf ?? resolved.oneOf ?? []) compiler.compile(branch);
        count += 1;
      }
    }
  }
  return count;
}
