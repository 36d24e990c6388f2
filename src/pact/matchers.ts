/**
 * Pact matching rules in Pact's integration JSON (the form the pact library's matcher functions produce
 * and its native core reads). Written as plain data so the interaction table can be built and tested
 * without loading the native library.
 */
export interface PactMatcher {
  "pact:matcher:type": string;
  value: unknown;
  [option: string]: unknown;
}

export function isPactMatcher(value: unknown): value is PactMatcher {
  return typeof value === "object" && value !== null && "pact:matcher:type" in value;
}

/** Any value of the same JSON type as the example (ids, names, free text). */
export function like<T>(example: T): PactMatcher {
  return { "pact:matcher:type": "type", value: example };
}

/** Exactly this value, even below a matcher that would otherwise compare by type. */
export function equal<T>(value: T): PactMatcher {
  return { "pact:matcher:type": "equality", value };
}

/** A string matching the pattern in full; callers anchor it, as Pact's regex matcher finds partial matches. */
export function regex(pattern: string, example: string): PactMatcher {
  if (!new RegExp(pattern).test(example)) {
    throw new Error(`the example ${JSON.stringify(example)} does not match its own pattern ${pattern}`);
  }
  return { "pact:matcher:type": "regex", regex: pattern, value: example };
}

export function integer(example: number): PactMatcher {
  return { "pact:matcher:type": "integer", value: example };
}

/** Any JSON number: `decimal` would refuse a whole number such as 1, which a double may be written as. */
export function number(example: number): PactMatcher {
  return { "pact:matcher:type": "number", value: example };
}

export function boolean(example: boolean): PactMatcher {
  return { "pact:matcher:type": "boolean", value: example };
}

/** An array of at least `min` items, each like the template; the example holds one. */
export function arrayOf(template: unknown, min: number): PactMatcher {
  return { "pact:matcher:type": "type", min, value: [template] };
}

/**
 * A value the verifier takes from what the provider state handler returned (`${name}` expressions), so ids
 * that exist only at verification time reach the request; the example is what the consumer side sends.
 */
export function fromProviderState(expression: string, example: string): PactMatcher {
  return {
    "pact:matcher:type": "type",
    "pact:generator:type": "ProviderState",
    expression,
    value: example,
  };
}

/** The example a template stands for: matchers replaced by their values, recursively. */
export function exampleOf(template: unknown): unknown {
  if (isPactMatcher(template)) return exampleOf(template.value);
  if (Array.isArray(template)) return template.map(exampleOf);
  if (typeof template === "object" && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, exampleOf(value)]));
  }
  return template;
}

/** One of the given statuses (the documents allow several for one outcome); the first is the example. */
export function statusIn(statuses: readonly number[]): PactMatcher {
  const [example] = statuses;
  if (example === undefined) throw new Error("statusIn needs at least one status");
  return { "pact:matcher:type": "statusCode", status: [...statuses], value: example };
}
