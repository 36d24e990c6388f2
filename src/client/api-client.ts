import { validateResponse, type Dialect, type Finding, type OperationId } from "../../spec/index.ts";
import { buildWireRequest, type OperationCall } from "../dialects/wire-request.ts";
import { decodeResponse, errorTypeOf, parse } from "../dialects/wire-response.ts";
import { loginTokenOf, type Transport } from "../http/transport.ts";
import type { Exchange } from "../results/model.ts";
import type { FindingsLog } from "./findings-log.ts";

export const sessionHeader = "vmware-api-session-id";

/** The operation id an exchange of callUnlisted carries: it names no operation of the spec. */
export const unlistedOperation = "unlisted";

/** What a call returned, read through the dialect and checked against the spec. */
export interface ApiResponse {
  operationId: string;
  exchange: Exchange;
  /** Undefined when no response came (see exchange.networkError). */
  status: number | undefined;
  /** The status is a documented success status of the operation. */
  success: boolean;
  /** The result without the dialect's wrapping. */
  value: unknown;
  /** The error type the body names (`not_found`), if any. */
  errorType: string | undefined;
  /** The body parsed as JSON, if it was JSON. */
  json: unknown;
  /** Schema findings of this response. */
  findings: Finding[];
}

/** Which session a call presents: the client's own (default), none at all, or a given token. */
export type SessionChoice = { kind: "own" } | { kind: "none" } | { kind: "token"; token: string };

export interface ApiClientOptions {
  dialect: Dialect;
  baseUrl: string;
  username: string;
  password: string;
  transport: Transport;
  findings: FindingsLog;
}

export class NoResponseError extends Error {
  readonly exchange: Exchange;
  constructor(operationId: string, exchange: Exchange) {
    super(
      `${operationId}: ${exchange.networkError ?? "no response"} (${exchange.request.method} ${exchange.request.url})`,
    );
    this.exchange = exchange;
  }
}

function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

/**
 * The dialect-neutral client every scenario uses: operations by spec id, the session header managed here,
 * one re-login on 401, and every response validated against the spec into the findings log.
 */
export class ApiClient {
  readonly dialect: Dialect;
  readonly baseUrl: string;
  readonly #options: ApiClientOptions;
  #token: string | undefined;
  /** Every token this client was given, so transcripts are scrubbed of old ones too. */
  readonly #issuedTokens: string[] = [];
  /** secrets(), kept until a login adds a token: the transport asks for it at every exchange. */
  #secrets: readonly string[] | undefined;

  constructor(options: ApiClientOptions) {
    this.#options = options;
    this.dialect = options.dialect;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  /** The secrets a transcript must never show: the password and the current session token. */
  secrets(): readonly string[] {
    this.#secrets ??= [this.#options.password, ...this.#issuedTokens].filter((s) => s.length > 0);
    return this.#secrets;
  }

  get loggedIn(): boolean {
    return this.#token !== undefined;
  }

  /** Logs in with Basic credentials; returns the login response (its value is the token, kept here). */
  async login(): Promise<ApiResponse> {
    // The transport masks the token in the stored exchange; it is captured here from the raw body.
    const captured: string[] = [];
    const capture = (body: string): string[] => {
      const token = loginTokenOf(body);
      if (token !== undefined) captured.push(token);
      return captured;
    };
    const response = await this.#send(
      "session.login",
      {},
      { kind: "none" },
      {
        authorization: basicAuth(this.#options.username, this.#options.password),
        // govmomi sends this so vCenter answers with the token in the body rather than only a cookie.
        "vmware-use-header-authn": "true",
      },
      capture,
    );
    const token = captured[0];
    if (response.success && token !== undefined) {
      this.#token = token;
      this.#issuedTokens.push(token);
      this.#secrets = undefined;
    }
    return response;
  }

  /** The current session token, for checks that replay it after logout; never put in a report. */
  get token(): string | undefined {
    return this.#token;
  }

  async logout(): Promise<ApiResponse | undefined> {
    if (this.#token === undefined) return undefined;
    const response = await this.#send("session.logout", {}, { kind: "own" }, {});
    this.#token = undefined;
    return response;
  }

  /**
   * The check owning this response's request accepted the answer (the target validly does not offer what
   * was asked): the schema check sets its findings aside. See FindingsLog.
   */
  acceptAnswer(response: ApiResponse, reason: string): void {
    this.#options.findings.accept(response.exchange, reason);
  }

  /** Calls an operation; on a 401 with the client's own session, logs in again once and retries. */
  async call(
    operationId: OperationId,
    call: OperationCall = {},
    session: SessionChoice = { kind: "own" },
  ): Promise<ApiResponse> {
    const response = await this.#send(operationId, call, session, {});
    if (response.status === 401 && session.kind === "own" && this.#token !== undefined) {
      const relogin = await this.login();
      if (relogin.success) return this.#send(operationId, call, session, {});
    }
    return response;
  }

  /**
   * Sends file bytes to an upload endpoint a file add handed out (PUSH). Not an operation of the spec, so
   * nothing is validated; the session header goes along, as govmomi sends it.
   */
  async upload(uri: string, bytes: Uint8Array, method = "PUT"): Promise<Exchange> {
    const headers: Record<string, string> = { "content-type": "application/octet-stream" };
    if (this.#token !== undefined) headers[sessionHeader] = this.#token;
    return this.#options.transport.send({ method, url: uri, headers, body: bytes, operationId: "upload" });
  }

  /**
   * Sends, with the client's session, a request that no operation of the spec describes (an action no
   * operation serves), to see which standard error answers it. Its answer is read as an error and
   * validated against nothing: there is no operation whose responses it could be held to.
   */
  async callUnlisted(method: string, pathAndQuery: string): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.#token !== undefined) headers[sessionHeader] = this.#token;
    const exchange = await this.#options.transport.send({
      method,
      url: `${this.baseUrl}${pathAndQuery}`,
      headers,
      operationId: unlistedOperation,
    });
    if (exchange.response === undefined) throw new NoResponseError(unlistedOperation, exchange);
    const json = parse(exchange.response.body);
    return {
      operationId: unlistedOperation,
      exchange,
      status: exchange.response.status,
      success: false,
      value: undefined,
      errorType: errorTypeOf(this.dialect, json),
      json,
      findings: [],
    };
  }

  async #send(
    operationId: OperationId,
    call: OperationCall,
    session: SessionChoice,
    extraHeaders: Record<string, string>,
    responseSecrets?: (body: string) => string[],
  ): Promise<ApiResponse> {
    const wire = buildWireRequest(this.dialect, operationId, call);
    const headers: Record<string, string> = { accept: "application/json", ...extraHeaders };
    if (session.kind === "own" && this.#token !== undefined) headers[sessionHeader] = this.#token;
    if (session.kind === "token") headers[sessionHeader] = session.token;
    let body: string | undefined;
    if (wire.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(wire.body);
    }
    const exchange = await this.#options.transport.send({
      method: wire.method,
      url: `${this.baseUrl}${wire.pathAndQuery}`,
      headers,
      ...(body === undefined ? {} : { body }),
      operationId,
      responseSecrets,
    });
    if (exchange.response === undefined) throw new NoResponseError(operationId, exchange);
    const { status, body: text, headers: responseHeaders } = exchange.response;
    const findings = validateResponse(this.dialect, operationId, status, text, responseHeaders);
    this.#options.findings.record(this.dialect, operationId, exchange, findings);
    const decoded = decodeResponse(this.dialect, wire.operation, status, text);
    return { operationId, exchange, status, ...decoded, findings };
  }
}
