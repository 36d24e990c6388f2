import type { Dialect } from "../../spec/index.ts";
import type { CheckDefinition } from "../checks/definition.ts";
import type { SuiteCatalogue } from "../checks/registry.ts";

/** Which checks a run runs: every one, or those of the named suites whose id or title matches a pattern. */
export interface CheckSelection {
  includes(suite: string, dialect: Dialect, check: CheckDefinition): boolean;
}

export interface SelectionOptions {
  /** Matched against each check's id and its title (either may match). */
  grep: string | undefined;
  /** Suite names; undefined = every suite. */
  suites: readonly string[] | undefined;
}

export function checkSelection(options: SelectionOptions): CheckSelection {
  const pattern = options.grep === undefined ? undefined : new RegExp(options.grep);
  const suites = options.suites === undefined ? undefined : new Set(options.suites);
  return {
    includes(suite, _dialect, check) {
      if (suites !== undefined && !suites.has(suite)) return false;
      return pattern === undefined || pattern.test(check.id) || pattern.test(check.title);
    },
  };
}

/** Suite names the selection names that no catalogue declares, for a usage error before anything runs. */
export function unknownSuites(
  names: readonly string[] | undefined,
  catalogues: readonly SuiteCatalogue[],
): string[] {
  const known = new Set(catalogues.map((catalogue) => catalogue.suite));
  return (names ?? []).filter((name) => !known.has(name));
}
