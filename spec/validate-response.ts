import type { Dialect } from "./dialect.ts";
import { findingsFromAjv } from "./ajv-findings.ts";
import { describeValue, finding, type Finding } from "./findings.ts";
import { findOperation, matchOperation } from "./operations.ts";
import { schemaBranches } from "./schemas.ts";
import { validatorOf } from "./validators.ts";

export type Headers = Record<string, string | string[] | undefined>;

function headerValue(headers: Headers, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(", ") : value;
  }
  return undefined;
}

/**
 * Validates a parsed body against a schema. A top-level anyOf (a status that can carry several error
 * types) is tried branch by branch so the findings are those of the closest documented alternative.
 */
export function validateAgainstSchema(dialect: Dialect, schema: object, body: unknown): Finding[] {
  const branches = schemaBranches(dialect, schema);
  if (branches === undefined || branches.length < 2) {
    const validate = validatorOf(dialect, schema);
    return validate(body) ? [] : findingsFromAjv(validate.errors, body);
  }
  const perBranch = branches.map((branch) => {
    const validate = validatorOf(dialect, branch);
    return validate(body) ? [] : findingsFromAjv(validate.errors, body);
  });
  if (perBranch.some((findings) => findings.length === 0)) return [];
  const fewest = Math.min(...perBranch.map((findings) => findings.length));
  const closest = perBranch.filter((findings) => findings.length === fewest);
  const first = closest[0] ?? [];
  // Alternatives that differ only in one constant (the error type) read best as one finding listing them all.
  const onlyConst = first.length === 1 && first[0]?.code === "wrong-const";
  const samePlace = closest.every(
    (f) => f.length === 1 && f[0]?.code === "wrong-const" && f[0].path === first[0]?.path,
  );
  if (onlyConst && samePlace && closest.length > 1 && first[0] !== undefined) {
    const expected = `one of ${closest.map((f) => f[0]?.expected).join(" | ")}`;
    return [finding("wrong-const", first[0].path, expected, first[0].actual)];
  }
  return first;
}

/**
 * Validates one response of an operation: the status must be documented for it, a void result must have
 * an empty body, any other body must be JSON (declared as such) matching the documented schema.
 * Never throws: every problem is a finding.
 */
export function validateResponse(
  dialect: Dialect,
  operationId: string,
  status: number,
  bodyText: string,
  headers: Headers = {},
): Finding[] {
  const operation = findOperation(dialect, operationId);
  if (operation === undefined) {
    return [finding("unknown-operation", "$", `an operation of the ${dialect} dialect`, operationId)];
  }
  const documented = operation.responses.get(status);
  if (documented === undefined) {
    const statuses = [...operation.responses.keys()].sort().join(", ");
    return [
      finding("undocumented-status", "$", `one of the documented statuses ${statuses}`, `status ${status}`),
    ];
  }
  const hasBody = bodyText.trim().length > 0;
  if (documented.schema === undefined) {
    return hasBody
      ? [finding("unexpected-body", "$", "an empty body (a void result)", describeValue(bodyText))]
      : [];
  }
  if (!hasBody) return [finding("missing-body", "$", "a JSON body", "an empty body")];
  const findings: Finding[] = [];
  const contentType = headerValue(headers, "content-type");
  if (contentType === undefined || !/^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim())) {
    findings.push(finding("wrong-content-type", "$", "content type application/json", contentType ?? "none"));
  }
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    findings.push(finding("invalid-json", "$", "a JSON document", describeValue(bodyText)));
    return findings;
  }
  findings.push(...validateAgainstSchema(dialect, documented.schema, body));
  return findings;
}

/** Validates a response found by method and path: the operation is looked up in the dialect's document. */
export function validateExchange(
  dialect: Dialect,
  method: string,
  pathAndQuery: string,
  status: number,
  bodyText: string,
  headers: Headers = {},
): Finding[] {
  const match = matchOperation(dialect, method, pathAndQuery);
  if (match === undefined) {
    return [
      finding(
        "unknown-operation",
        "$",
        `a documented ${dialect} operation`,
        `${method.toUpperCase()} ${pathAndQuery}`,
      ),
    ];
  }
  return validateResponse(dialect, match.operation.operationId, status, bodyText, headers);
}
