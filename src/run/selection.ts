import { dialects, type Dialect } from "../../spec/index.ts";
import type { CheckDefinition } from "../catalogue/definition.ts";
import type { SuiteCatalogue } from "../catalogue/registry.ts";
import type { RunConfig } from "../config/index.ts";
import type { RunSelection } from "../results/model.ts";
import { idPattern, nearIds } from "./id-patterns.ts";

/**
 * Which checks a run runs: every one, or those of the named suites whose id or title matches --grep, whose id
 * matches one of the --check patterns and none of the --exclude patterns. All filters given must agree.
 */
export interface CheckSelection {
  includes(suite: string, dialect: Dialect, check: CheckDefinition): boolean;
  /** Whether --exclude names the check: it is left out entirely, not even run as another check's set-up. */
  excludes(check: CheckDefinition): boolean;
}

export interface SelectionOptions {
  /** Matched against each check's id and its title (either may match). */
  grep: string | undefined;
  /** Suite names; undefined = every suite. */
  suites: readonly string[] | undefined;
  /** Check ids or `*` globs to run; undefined = every check. */
  checks?: readonly string[] | undefined;
  /** Check ids or `*` globs to leave out. */
  exclude?: readonly string[] | undefined;
}

export function checkSelection(options: SelectionOptions): CheckSelection {
  const pattern = options.grep === undefined ? undefined : new RegExp(options.grep);
  const suites = options.suites === undefined ? undefined : new Set(options.suites);
  const only = options.checks?.map(idPattern);
  const except = (options.exclude ?? []).map(idPattern);
  return {
    includes(suite, _dialect, check) {
      if (suites !== undefined && !suites.has(suite)) return false;
      if (only !== undefined && !only.some((p) => p.matches(check.id))) return false;
      if (except.some((p) => p.matches(check.id))) return false;
      return pattern === undefined || pattern.test(check.id) || pattern.test(check.title);
    },
    excludes(check) {
      return except.some((p) => p.matches(check.id));
    },
  };
}

/** Whether the selection takes any check of the catalogue, in either dialect. */
export function selectsFrom(selection: CheckSelection, catalogue: SuiteCatalogue): boolean {
  return catalogue.checks.some((check) =>
    dialects.some((dialect) => selection.includes(catalogue.suite, dialect, check)),
  );
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
 * The --check or --exclude patterns that match no check any catalogue declares, each with the nearest ids,
 * for a usage error before anything runs: a typo must not silently run everything or nothing.
 */
export function unknownChecks(
  patterns: readonly string[] | undefined,
  catalogues: readonly SuiteCatalogue[],
): { pattern: string; near: string[] }[] {
  const ids = catalogues.flatMap((catalogue) => catalogue.checks.map((check) => check.id));
  return (patterns ?? [])
    .filter((text) => !ids.some((id) => idPattern(text).matches(id)))
    .map((pattern) => ({ pattern, near: nearIds(pattern, ids) }));
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
    | "grep"
    | "suites"
    | "checks"
    | "exclude"
    | "dialect"
    | "otherUsername"
    | "limitedUsername"
    | "idleTimeoutSeconds"
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
  return {
    grep: config.grep,
    suites: config.suites,
    checks: config.checks,
    exclude: config.exclude,
    dialect: config.dialect,
    notConfigured,
  };
}
