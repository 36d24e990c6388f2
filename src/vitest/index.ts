/**
 * `update-session-conformance/vitest`: the conformance suites inside your own vitest run. Needs vitest
 * (an optional peer dependency of the package); nothing else in the package imports this module.
 */
export { conformance } from "./conformance.ts";
export {
  ConformanceOptionsError,
  type ConformanceOptions,
  type Credentials,
  type SkipEntry,
} from "./options.ts";
export type { FailOn } from "./verdict.ts";
