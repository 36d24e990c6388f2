import { createRequire } from "node:module";
import type * as Yaml from "yaml";

const load = createRequire(import.meta.url);
let loaded: typeof Yaml | undefined;

/**
 * The yaml package, loaded on first use. A run reads the catalogues and the OpenAPI documents from their
 * generated JSON (spec/generated/), so it parses YAML only for a --config or --expected-failures file or
 * after an edit of spec/: loading yaml's ~70 modules at every start would cost the start-up for nothing.
 */
export function yaml(): typeof Yaml {
  loaded ??= load("yaml") as typeof Yaml;
  return loaded;
}
