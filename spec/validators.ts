import type { Dialect } from "./dialect.ts";
import {
  loadGeneratedValidators,
  type GeneratedValidators,
  type PrecompiledValidator,
} from "./load-validators.ts";
import { openapiDocumentDigest } from "./openapi-documents.ts";
import { schemaKey } from "./schemas.ts";

export type { PrecompiledValidator };

/** Loaded at the first validation, not at import: a process that validates nothing never pays for it. */
let loaded: GeneratedValidators | undefined;
function generated(): GeneratedValidators {
  loaded ??= loadGeneratedValidators().generated;
  return loaded;
}

const regenerate = "run `npm run generate:validators`";
const checked = new Set<Dialect>();
/** Schema object -> validator, so the hot path (a schema already seen) costs one lookup. */
const byIdentity = new Map<Dialect, WeakMap<object, PrecompiledValidator>>();

/** Refuses validators generated from other documents: they would check against rules no longer written. */
function checkFresh(dialect: Dialect): void {
  if (checked.has(dialect)) return;
  if (openapiDocumentDigest(dialect) !== generated().sourceDigests[dialect]) {
    throw new Error(
      `spec/generated/validators.js was generated from another spec/openapi/${dialect}.yaml: ${regenerate}`,
    );
  }
  checked.add(dialect);
}

/**
 * The validator of one schema taken from the dialect's document (a request or response schema, or an
 * alternative of one), precompiled at build time by spec/codegen.ts.
 */
export function validatorOf(dialect: Dialect, schema: object): PrecompiledValidator {
  let known = byIdentity.get(dialect);
  if (known === undefined) {
    checkFresh(dialect);
    known = new WeakMap();
    byIdentity.set(dialect, known);
  }
  let validate = known.get(schema);
  if (validate === undefined) {
    const key = schemaKey(dialect, schema);
    const table = generated().validators[dialect];
    validate = Object.hasOwn(table, key) ? table[key] : undefined;
    if (validate === undefined) {
      throw new Error(
        `spec/generated/validators.js has no ${dialect} validator for ${key.slice(0, 200)}: ` +
          `generated are those spec/schemas.ts lists; if it lists this one, ${regenerate}`,
      );
    }
    known.set(schema, validate);
  }
  return validate;
}
