/**
 * Comparing two readings of the same resource: member order never matters, and the dialects' map
 * encodings (rest arrays of {key, value}, api objects) are brought to one form first.
 */

/** JSON with object members sorted by name, so two equal values always print the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortMembers(value));
}

function sortMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortMembers);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, sortMembers(record[key])]),
  );
}

/** A copy without the named top-level members of an object (anything else is returned unchanged). */
export function withoutMembers(value: unknown, names: readonly string[]): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !names.includes(key)));
}

/**
 * Every `params` map (LocalizableMessage and nested messages) as a JSON object: a rest array of
 * `{"key", "value"}` entries becomes `{key: value}`; an api object stays as it is. Given the dialect the
 * value was read in, only that dialect's encoding is converted: an array in an api reading stays an array,
 * so comparing it with the rest reading of the same resource shows the deviation instead of hiding it.
 */
export function normaliseMaps(value: unknown, readIn?: "rest" | "api"): unknown {
  if (Array.isArray(value)) return value.map((entry) => normaliseMaps(entry, readIn));
  if (typeof value !== "object" || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (key === "params" && Array.isArray(member) && readIn !== "api") {
      result[key] = Object.fromEntries(
        member.map((entry) => {
          const pair = (typeof entry === "object" && entry !== null ? entry : {}) as {
            key?: unknown;
            value?: unknown;
          };
          return [String(pair.key), normaliseMaps(pair.value, readIn)];
        }),
      );
    } else {
      result[key] = normaliseMaps(member, readIn);
    }
  }
  return result;
}

/** The same strings as a sorted copy, for comparing lists whose order the documents do not fix. */
export function sortedStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String).sort() : undefined;
}
