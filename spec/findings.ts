/**
 * What the validators report. A finding is data, never an exception: the harness turns findings into
 * check failures, the self-tests assert on their code and path.
 */
export type FindingCode =
  /** No operation of the dialect matches the method and path. */
  | "unknown-operation"
  /** The status code is not among those the documents give for the operation. */
  | "undocumented-status"
  /** A body was expected to be JSON and could not be parsed. */
  | "invalid-json"
  /** A JSON body came with a content type other than application/json. */
  | "wrong-content-type"
  /** The documents say the body is empty (a void result) but one came. */
  | "unexpected-body"
  /** The documents give a body for this status but none came. */
  | "missing-body"
  /** A member the schema requires is absent. */
  | "missing-required"
  /** A value has the wrong JSON type. */
  | "wrong-type"
  /** A value is not one of the enumeration's members (case matters). */
  | "not-in-enum"
  /** A string does not have the documented format (date-time with a zone, uri, int64, ...). */
  | "bad-format"
  /** A value differs from the one constant the schema allows (error type names). */
  | "wrong-const"
  /** None of the documented alternatives matched (anyOf/oneOf). */
  | "no-variant-matched"
  /** Any other schema constraint: minimum, maximum, pattern, uniqueItems, ... */
  | "constraint";

export interface Finding {
  code: FindingCode;
  /** Where in the body: a JSON path such as `$.value.expiration_time`; `$` for the whole body. */
  path: string;
  /** What the documents allow, in words. */
  expected: string;
  /** What came, in words (values shortened). */
  actual: string;
  /** One line for a human: path, expectation and what came. */
  message: string;
}

export function finding(code: FindingCode, path: string, expected: string, actual: string): Finding {
  return { code, path, expected, actual, message: `${path}: expected ${expected}, got ${actual}` };
}

/** A short printable form of any JSON value, for the `actual` of a finding. */
export function describeValue(value: unknown, limit = 80): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    // JSON.stringify gives undefined for functions and symbols, which never come from a parsed body.
    text = JSON.stringify(value) ?? typeof value;
  } catch {
    text = typeof value;
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** Converts a JSON pointer (`/value/0/name`) to the JSON path used in findings (`$.value[0].name`). */
export function pointerToPath(pointer: string): string {
  if (pointer === "") return "$";
  let path = "$";
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}
