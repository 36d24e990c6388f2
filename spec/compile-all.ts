import { dialects } from "./dialect.ts";
import { validatedSchemas } from "./schemas.ts";
import { validatorOf } from "./validators.ts";

/**
 * Looks up the precompiled validator of every request and response schema and every component schema
 * of both dialects (and of each alternative of one), and returns how many schemas have one. Throws,
 * naming the fix, when the generated validators are missing one or were generated from other documents.
 */
export function compileAllValidators(): number {
  let count = 0;
  for (const dialect of dialects) {
    for (const { schema, branches } of validatedSchemas(dialect)) {
      validatorOf(dialect, schema);
      for (const branch of branches) validatorOf(dialect, branch);
      count += 1;
    }
  }
  return count;
}
