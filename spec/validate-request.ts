import type { Dialect } from "./dialect.ts";
import { finding, type Finding } from "./findings.ts";
import { findOperation } from "./operations.ts";
import { validateAgainstSchema } from "./validate-response.ts";

/**
 * Validates a request the harness is about to send (or a server received): the parsed body against the
 * documented request body, and the presence of required query parameters. Never throws.
 */
export function validateRequest(
  dialect: Dialect,
  operationId: string,
  body: unknown,
  query: Record<string, string> = {},
): Finding[] {
  const operation = findOperation(dialect, operationId);
  if (operation === undefined) {
    return [finding("unknown-operation", "$", `an operation of the ${dialect} dialect`, operationId)];
  }
  const findings: Finding[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in === "query" && parameter.required === true && !(parameter.name in query)) {
      findings.push(
        finding(
          "missing-required",
          `query.${parameter.name}`,
          `query parameter '${parameter.name}'`,
          "nothing",
        ),
      );
    }
  }
  if (body === undefined) {
    if (operation.requestBodyRequired)
      findings.push(finding("missing-body", "$", "a JSON request body", "none"));
    return findings;
  }
  if (operation.requestBodySchema === undefined) {
    findings.push(finding("unexpected-body", "$", "no request body", "a body"));
    return findings;
  }
  findings.push(...validateAgainstSchema(dialect, operation.requestBodySchema, body));
  return findings;
}
