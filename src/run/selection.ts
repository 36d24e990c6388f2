import type { Dialect } from "../../spec/index.ts";
import type { CheckDefinition } from "../checks/definition.ts";
import type { SuiteCatalogue } from "../checks/registry.ts";
import type { RunConfig } from "../config/index.ts";
import type { RunSelection } from "../results/model.ts";

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

/**
 * What a run covers, derived from its configuration: the filters the user chose and the checks that
 * cannot run for want of a setting. Reports print it so a filtered or partial run never reads as a
 * verdict on the whole contract.
 */
/** The embedded server knows its own second user, limited user and idle timeout, so nothing is left out. */
export function runSelection(
  config: Pick<
    RunConfig,
    "grep" | "suites" | "dialect" | "otherUsername" | "limitedUsername" | "idleTimeoutSeconds"
  >,
  embedded: boolean,
): RunSelection {
  const notConfigured: string[] = [];
  if (!embedded) {
    if (config.otherUsername === undefined)
      notConfigured.push(
        "the second-user checks (list isolation, another user's operations) are skipped: no --other-username",
      );
    if (config.limitedUsername === undefined)
      notConfigured.push("the privilege checks are skipped: no --limited-username");
    if (config.idleTimeoutSeconds === undefined)
      notConfigured.push("the checks that wait for an idle session to expire are skipped: no --idle-timeout");
  }
  return { grep: config.grep, suites: config.suites, dialect: config.dialect, notConfigured };
}
