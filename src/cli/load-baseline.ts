import { readFileSync } from "node:fs";
import { relative } from "node:path";
import type { SuiteCatalogue } from "../catalogue/registry.ts";
import type { Baseline } from "../results/baseline.ts";
import { parseBaseline } from "../results/baseline-file.ts";
import { nearIds } from "../run/id-patterns.ts";

/**
 * Reads an expected-failures baseline and checks every entry names a check some catalogue declares: a
 * mistyped id would excuse nothing and fail nothing, so it is a usage error (exit 2) with the nearest ids.
 */
export function loadBaseline(
  path: string,
  catalogues: readonly SuiteCatalogue[],
  cwd: string,
): { ok: true; baseline: Baseline } | { ok: false; errors: string[] } {
  const shown = relative(cwd, path).startsWith("..") ? path : relative(cwd, path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return {
      ok: false,
      errors: [`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`],
    };
  }
  const parsed = parseBaseline(text, shown);
  if (!parsed.ok) return parsed;
  const ids = catalogues.flatMap((catalogue) => catalogue.checks.map((check) => check.id));
  const known = new Set(ids);
  const errors = parsed.entries
    .filter((entry) => !known.has(entry.check))
    .map((entry) => {
      const near = nearIds(entry.check, ids);
      return `${shown}: ${entry.check} names no check${near.length === 0 ? "" : `; did you mean ${near.join(", ")}?`}`;
    });
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, baseline: { file: shown, entries: parsed.entries } };
}
