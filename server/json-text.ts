/**
 * The bytes of an answer's JSON body. A body made immutable with `keptJson` is serialized and encoded
 * once, its bytes reused for as long as the body lives: the faithful server answers repeated gets of an
 * unchanged update session with one kept view (server/operations/views.ts), and serializing it was a
 * third of the server's own work per get.
 */

const kept = new WeakMap<object, Buffer>();

/**
 * Freezes a value and everything in it (a frozen member's members too: freezing may have stopped at it),
 * so that an edit after it was serialized throws instead of going stale.
 */
function freezeDeeply(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  Object.freeze(value);
  for (const member of Object.values(value)) freezeDeeply(member);
}

/** Makes a JSON body immutable and serializes it now; jsonPayload answers its bytes from then on. */
export function keptJson<T extends object>(value: T): T {
  freezeDeeply(value);
  kept.set(value, Buffer.from(JSON.stringify(value), "utf8"));
  return value;
}

/** A body's JSON: the kept bytes of a keptJson body, else a fresh serialization. */
export function jsonPayload(value: unknown): string | Buffer {
  return kept.get(value as object) ?? JSON.stringify(value);
}

const wrappings = new WeakMap<object, { value: unknown }>();

/** The rest dialect's `{ value }` around a result: kept itself when the result is (one per kept result). */
export function valueWrapping(value: unknown): { value: unknown } {
  if (!kept.has(value as object)) return { value };
  let wrapping = wrappings.get(value as object);
  if (wrapping === undefined) {
    wrapping = keptJson({ value });
    wrappings.set(value as object, wrapping);
  }
  return wrapping;
}
