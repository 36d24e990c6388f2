/** How a run that covered less than the whole contract says so, in the same words in every report. */
import type { RunResult } from "../src/results/model.ts";

/**
 * One sentence per way the run was narrowed: a --suite, --check, --exclude or --grep, a single dialect, checks left out for want of a
 * setting. Empty for a full run.
 */
export function selectionNotes(run: Pick<RunResult, "selection" | "dialects">): string[] {
  const selection = run.selection;
  const notes: string[] = [];
  if (selection.suites !== undefined) notes.push(`only the suites ${selection.suites.join(", ")} (--suite)`);
  if (selection.checks !== undefined) notes.push(`only the checks ${selection.checks.join(", ")} (--check)`);
  if (selection.exclude !== undefined)
    notes.push(`without the checks ${selection.exclude.join(", ")} (--exclude)`);
  if (selection.grep !== undefined) notes.push(`only the checks matching --grep '${selection.grep}'`);
  const [only] = run.dialects;
  if (run.dialects.length === 1 && only !== undefined) {
    notes.push(
      selection.dialect === "auto"
        ? `only the ${only} dialect: the target serves no other (--dialect auto)`
        : `only the ${only} dialect (--dialect ${selection.dialect})`,
    );
  }
  notes.push(...selection.notConfigured);
  return notes;
}
