import type { ErrorObject } from "ajv";
import { describeValue, finding, pointerToPath, type Finding } from "./findings.ts";

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let current: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function convert(error: ErrorObject, body: unknown): Finding {
  const params = error.params as Record<string, unknown>;
  const path = pointerToPath(error.instancePath);
  const actualValue = valueAt(body, error.instancePath);
  switch (error.keyword) {
    case "required": {
      const member = String(params["missingProperty"]);
      return finding(
        "missing-required",
        pointerToPath(`${error.instancePath}/${member}`),
        `member '${member}'`,
        "nothing",
      );
    }
    case "type":
      return finding(
        "wrong-type",
        path,
        `type ${describeValue(params["type"])}`,
        `${jsonType(actualValue)} ${describeValue(actualValue)}`,
      );
    case "enum":
      return finding(
        "not-in-enum",
        path,
        `one of ${describeValue(params["allowedValues"], 200)}`,
        describeValue(actualValue),
      );
    case "const":
      return finding("wrong-const", path, describeValue(params["allowedValue"]), describeValue(actualValue));
    case "format":
      return finding("bad-format", path, `format ${String(params["format"])}`, describeValue(actualValue));
    case "anyOf":
    case "oneOf":
      return finding(
        "no-variant-matched",
        path,
        "one of the documented alternatives",
        describeValue(actualValue),
      );
    default:
      return finding(
        "constraint",
        path,
        `${error.keyword} ${error.message ?? ""}`.trim(),
        describeValue(actualValue),
      );
  }
}

/**
 * Turns ajv's errors into findings. Errors raised inside a failed anyOf/oneOf are folded into the one
 * `no-variant-matched` finding for that place: listing every branch's complaints would bury the point.
 */
export function findingsFromAjv(errors: readonly ErrorObject[] | null | undefined, body: unknown): Finding[] {
  if (!errors) return [];
  const alternatives = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  // Branches are usually $refs, whose errors carry the referenced schema's path, so the folding goes by
  // where in the body the error is, not by where in the schema it came from.
  const insideAlternative = (e: ErrorObject): boolean =>
    alternatives.some(
      (alt) =>
        alt !== e &&
        (e.instancePath === alt.instancePath || e.instancePath.startsWith(`${alt.instancePath}/`)),
    );
  const kept = errors.filter((e) => !insideAlternative(e));
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const error of kept) {
    const converted = convert(error, body);
    const key = `${converted.code} ${converted.path} ${converted.expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(converted);
  }
  return findings;
}
