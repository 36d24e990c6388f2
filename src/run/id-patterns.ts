/**
 * Check ids as `--check` and `--exclude` take them: an exact id, or a glob where `*` stands for any run of
 * characters (dots included, so `wrong-state.*` takes the whole family).
 */
export interface IdPattern {
  text: string;
  matches(id: string): boolean;
}

export function idPattern(text: string): IdPattern {
  const escaped = text
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const regexp = new RegExp(`^${escaped}$`);
  return { text, matches: (id) => regexp.test(id) };
}

/** Edit distance, to suggest the ids closest to a mistyped one. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Up to three known ids near a pattern that matched none: those it misspells (a few edits away), else those
 * that start the same way. Empty when nothing is close.
 */
export function nearIds(text: string, known: readonly string[]): string[] {
  const plain = text.replace(/\*/g, "");
  const bound = Math.max(2, Math.floor(plain.length / 5));
  const close = known
    .map((id) => ({ id, d: distance(plain, id) }))
    .filter(({ d }) => d <= bound)
    .sort((a, b) => a.d - b.d)
    .map(({ id }) => id);
  if (close.length > 0) return close.slice(0, 3);
  const parts = plain.split(".");
  for (const length of [2, 1]) {
    const stem = `${parts.slice(0, length).join(".")}.`;
    const same = known.filter((id) => id.startsWith(stem));
    if (parts.length > length && same.length > 0) return same.slice(0, 3);
  }
  return [];
}
