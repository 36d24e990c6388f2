import type { CheckDefinition } from "./definition.ts";

/**
 * A suite's checks as data: ids, titles, levels and requirement ids, declared next to the suite but apart
 * from its bodies, so `usc run --list`, the traceability report and the catch matrix can read every check
 * without running anything.
 */
export interface SuiteCatalogue<Id extends string = string> {
  /** The suite's name: its file is `suites/<name>.suite.ts`; the JUnit classname. */
  suite: string;
  description: string;
  checks: readonly CheckDefinition<Id>[];
}

/** The check ids a catalogue declares, as a union of string literals: what `check("...")` may name. */
export type CheckIdOf<Catalogue> = Catalogue extends SuiteCatalogue<infer Id> ? Id : never;

/**
 * Declares a suite's catalogue. The ids are kept as literal types, so the suite's `check("...")`, the
 * fault catcher lists and skip lists that name a check are checked by the compiler (CheckId).
 */
export function defineSuiteCatalogue<const Id extends string>(
  catalogue: SuiteCatalogue<Id>,
): SuiteCatalogue<Id> {
  const ids = new Set<string>();
  for (const check of catalogue.checks) {
    if (ids.has(check.id))
      throw new Error(`suite ${catalogue.suite}: check id ${check.id} is declared twice`);
    if (check.requirements.length === 0)
      throw new Error(`suite ${catalogue.suite}: check ${check.id} names no requirement`);
    ids.add(check.id);
  }
  return catalogue;
}
