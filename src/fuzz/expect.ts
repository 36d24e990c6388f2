import type { ApiResponse } from "../client/api-client.ts";
import { Divergence } from "./divergence.ts";
import type { ModelRequirementId } from "./requirements.ts";

/** What came back, in a few words: status and error type, or the status alone. */
export function answerOf(response: ApiResponse): string {
  return `${response.status ?? "no response"}${response.errorType === undefined ? "" : ` ${response.errorType}`}`;
}

export function expectThat(
  condition: boolean,
  requirement: ModelRequirementId,
  what: string,
  expected: string,
  actual: string,
  response: ApiResponse | undefined,
): void {
  if (!condition) throw new Divergence({ requirement, what, expected, actual, exchange: response?.exchange });
}

/** The operation succeeded with one of its documented success statuses. */
export function expectSuccess(response: ApiResponse, requirement: ModelRequirementId, what: string): void {
  expectThat(response.success, requirement, what, "success", answerOf(response), response);
}

/** The operation was refused with this error type (in the body, not only the status). */
export function expectError(
  response: ApiResponse,
  errorType: string,
  requirement: ModelRequirementId,
  what: string,
): void {
  expectThat(
    !response.success && response.errorType === errorType,
    requirement,
    what,
    `refusal with ${errorType}`,
    answerOf(response),
    response,
  );
}

export function expectEqual(
  actual: unknown,
  expected: unknown,
  requirement: ModelRequirementId,
  what: string,
  response: ApiResponse,
): void {
  const same = JSON.stringify(actual) === JSON.stringify(expected);
  expectThat(
    same,
    requirement,
    what,
    JSON.stringify(expected),
    JSON.stringify(actual) ?? "nothing",
    response,
  );
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
