import {
  NoResponseError,
  type ApiClient,
  type ApiResponse,
  type SessionChoice,
} from "../client/api-client.ts";
import type { OperationId } from "../../spec/index.ts";
import type { OperationCall } from "../dialects/wire-request.ts";
import type { Exchange } from "../results/model.ts";
import { CheckBlocked, CheckFailed, CheckSkipped } from "./outcomes.ts";

/** Error types and the statuses the documents allow for each (errata rulings included). */
const documentedStatuses: Record<string, number[]> = {
  not_found: [404],
  invalid_argument: [400],
  invalid_element_type: [400],
  // Errata: /rest specs give 400, the /api spec and SDK map give 500; the body's type is what matters.
  resource_busy: [400, 500],
  // Errata E10: 400 everywhere; 409 only for rest fail (see statusesFor), which one /rest page lists it for.
  not_allowed_in_current_state: [400],
  unauthenticated: [401],
  unauthorized: [403],
  // The vAPI runtime's default map (errors.default-map): errors no operation lists, by the status it gives them.
  operation_not_found: [404],
  invalid_request: [400],
};

/**
 * The statuses documented for an error type answered by one operation in one dialect. Erratum E10: the
 * only page that lists 409 is a rest page of fail, so 409 is accepted for rest fail (its 2014 forms
 * included) and nowhere else; api fail answers 400 like every other operation.
 */
function statusesFor(errorType: string, operationId: string, dialect: string): number[] {
  const statuses = documentedStatuses[errorType] ?? [];
  const failOperation = operationId === "updateSession.fail" || operationId.startsWith("updateSession.fail.");
  const conflictDocumented = dialect === "rest" && failOperation;
  return errorType === "not_allowed_in_current_state" && conflictDocumented ? [...statuses, 409] : statuses;
}

function describeResponse(response: ApiResponse): string {
  if (response.status === undefined) return "no response";
  const type = response.errorType === undefined ? "" : ` ${response.errorType}`;
  const body = response.exchange.response?.body ?? "";
  const shown = body.length > 200 ? `${body.slice(0, 199)}…` : body;
  return `${response.status}${type}${shown === "" ? " with an empty body" : ` ${shown}`}`;
}

/**
 * What a check body works with: the client for its dialect, expectation helpers that end the check with
 * a verdict, and the transcript of every exchange it made.
 */
export class CheckContext {
  readonly client: ApiClient;
  readonly transcript: Exchange[] = [];
  /** The exchange the latest expectation looked at: the one a curl line reproduces. */
  focus: Exchange | undefined;

  constructor(client: ApiClient) {
    this.client = client;
  }

  get dialect() {
    return this.client.dialect;
  }

  /** Calls an operation and records the exchange; a network failure ends the check as an error. */
  async call(
    operationId: OperationId,
    call: OperationCall = {},
    session?: SessionChoice,
  ): Promise<ApiResponse> {
    const response = await this.client.call(operationId, call, session);
    this.transcript.push(response.exchange);
    this.focus = response.exchange;
    return response;
  }

  /** Sends a request no operation describes (see ApiClient.callUnlisted) and records the exchange. */
  async callUnlisted(method: string, pathAndQuery: string): Promise<ApiResponse> {
    const response = await this.client.callUnlisted(method, pathAndQuery);
    this.transcript.push(response.exchange);
    this.focus = response.exchange;
    return response;
  }

  /** PUTs bytes to an upload endpoint and records the exchange; no response ends the check as an error. */
  async upload(uri: string, bytes: Uint8Array, method = "PUT"): Promise<Exchange> {
    const exchange = await this.client.upload(uri, bytes, method);
    this.transcript.push(exchange);
    this.focus = exchange;
    if (exchange.response === undefined) throw new NoResponseError("upload", exchange);
    return exchange;
  }

  fail(message: string, expected: string, actual: string, exchange = this.focus): never {
    throw new CheckFailed(message, { expected, actual, ...(exchange ? { exchange } : {}) });
  }

  /** Ends the check as a warning: the documents leave room for what the target did. */
  warn(message: string, expected: string, actual: string, exchange = this.focus): never {
    throw new CheckFailed(message, { expected, actual, soft: true, ...(exchange ? { exchange } : {}) });
  }

  skip(reason: string): never {
    throw new CheckSkipped(reason);
  }

  /**
   * Ends the check as skipped because `response` says the target validly does not offer what this check
   * asked for (a documented MAY). This check owns the request, so its answer is accepted here and is not
   * a schema failure too.
   */
  notOffered(response: ApiResponse, reason: string): never {
    this.focus = response.exchange;
    this.client.acceptAnswer(response, reason);
    this.skip(reason);
  }

  block(reason: string): never {
    throw new CheckBlocked(reason);
  }

  /** A value an earlier step should have produced; without it the verdict is unknown, not a failure. */
  needs<T>(value: T | undefined, what: string): T {
    if (value === undefined) this.block(`needs ${what}, which an earlier step did not produce`);
    return value;
  }

  /** A set-up call that must succeed for the check to mean anything: its failure blocks, never fails. */
  prerequisite(response: ApiResponse, what: string): ApiResponse {
    if (!response.success)
      this.block(`${what} failed: ${response.operationId} answered ${describeResponse(response)}`);
    return response;
  }

  /** The operation answered with its documented success status. */
  expectSuccess(response: ApiResponse, what: string): ApiResponse {
    this.focus = response.exchange;
    if (!response.success) {
      this.fail(
        `${what}: the operation did not succeed`,
        `a documented success status for ${response.operationId}`,
        describeResponse(response),
      );
    }
    return response;
  }

  /**
   * The operation answered with the given error type in the body and one of the statuses the documents give
   * for that type. The type is asserted, not only the status.
   */
  expectError(response: ApiResponse, errorType: string, what: string): ApiResponse {
    this.focus = response.exchange;
    const statuses = statusesFor(errorType, response.operationId, this.dialect);
    const expected = `error ${errorType} (status ${statuses.join(" or ")}) with the type named in the body`;
    if (response.success) this.fail(`${what}: the operation succeeded`, expected, describeResponse(response));
    if (
      response.errorType === undefined &&
      this.dialect === "api" &&
      statuses.includes(response.status ?? 0)
    ) {
      // Errata E26: error_type is optional in the api error schema; naming it is a SHOULD, not a MUST.
      this.warn(`${what}: the error body names no error_type`, expected, describeResponse(response));
    }
    if (response.errorType !== errorType) {
      this.fail(`${what}: wrong error`, expected, describeResponse(response));
    }
    if (response.status === undefined || !statuses.includes(response.status)) {
      this.fail(`${what}: right error type, undocumented status`, expected, describeResponse(response));
    }
    return response;
  }

  expectEqual<T>(actual: T, expected: T, what: string): void {
    if (!Object.is(actual, expected) && JSON.stringify(actual) !== JSON.stringify(expected)) {
      this.fail(`${what}: not as documented`, JSON.stringify(expected), JSON.stringify(actual) ?? "nothing");
    }
  }

  expectThat(condition: boolean, what: string, expected: string, actual: string): void {
    if (!condition) this.fail(what, expected, actual);
  }
}
