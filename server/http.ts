import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { apiDialect } from "./dialects/api.ts";
import { defaultErrorStatus } from "./dialects/error-types.ts";
import { restDialect } from "./dialects/rest.ts";
import type { Dialect, Route, WireReply, WireRequest } from "./dialects/route.ts";
import { Router, type RouteMatch } from "./dialects/router.ts";
import type { Faults } from "./faults.ts";
import type { LocalizableMessage } from "./state/model.ts";
import { authenticate } from "./operations/auth.ts";
import type { OperationContext } from "./operations/context.ts";
import type { Overrides } from "./operations/overridable.ts";
import { failure, OperationError } from "./operations/errors.ts";
import type { Store } from "./state/store.ts";
import { drainBody, readBody, type BodyResult } from "./body.ts";
import { parseRequestTarget, type RequestTarget } from "./request-target.ts";
import { sendEmpty, sendJson, sendText } from "./respond.ts";
import { handleUpload } from "./upload.ts";

/** JSON request bodies above this are refused: the largest documented body (an AddSpec) is far smaller. */
export const maxJsonBodyBytes = 1024 * 1024;

export interface HttpHandlerOptions {
  store: Store;
  faults: Faults;
  /** The operations' overrides of the fault variant (server/deviations/). */
  overrides: Overrides;
  /** The server's own URL, used when a request's Host header is missing or unusable. */
  baseUrl: () => string;
  tlsThumbprint: string | undefined;
  shutdown: AbortSignal;
}

const dialects: Array<{ dialect: Dialect; router: Router }> = [restDialect, apiDialect].map((dialect) => ({
  dialect,
  router: new Router(dialect),
}));

function headerText(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `scheme://host:port` the way this client addressed us, so handed-out URIs reach the same listener. */
function originOf(request: IncomingMessage, options: HttpHandlerOptions): string {
  const base = new URL(options.baseUrl());
  const host = headerText(request, "host");
  return host !== undefined && /^[A-Za-z0-9.\-_]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host)
    ? `${base.protocol}//${host}`
    : base.origin;
}

/** An operation context whose origin is worked out only if the operation hands out a URI (few do). */
class RequestContext implements OperationContext {
  readonly store: Store;
  readonly user: string;
  readonly tlsThumbprint: string | undefined;
  readonly faults: Faults;
  readonly overrides: Overrides;
  readonly shutdown: AbortSignal;
  readonly #request: IncomingMessage;
  readonly #options: HttpHandlerOptions;
  #origin: string | undefined;

  constructor(request: IncomingMessage, options: HttpHandlerOptions, user: string) {
    this.store = options.store;
    this.user = user;
    this.tlsThumbprint = options.tlsThumbprint;
    this.faults = options.faults;
    this.overrides = options.overrides;
    this.shutdown = options.shutdown;
    this.#request = request;
    this.#options = options;
  }

  get origin(): string {
    return (this.#origin ??= originOf(this.#request, this.#options));
  }
}

const emptyBody: BodyResult = { kind: "ok", data: Buffer.alloc(0) };

/**
 * The request's body. A request with neither Content-Length nor Transfer-Encoding has none (RFC 9112 6.3),
 * so most GETs are answered without waiting for the stream's end; Node discards what is left unread.
 */
function bodyOf(request: IncomingMessage): BodyResult | Promise<BodyResult> {
  const { headers } = request;
  if (headers["content-length"] === undefined && headers["transfer-encoding"] === undefined) return emptyBody;
  return readBody(request, maxJsonBodyBytes);
}

/** An error outside any dialect route (no /rest/ or /api/ prefix, a bad URL), in the `api` shape. */
function sendError(response: ServerResponse, dialect: Dialect, error: OperationError): void {
  sendJson(response, defaultErrorStatus[error.kind], dialect.errorBody(error.kind, error.messages));
}

/** Whether an error is the not_found of an update session id that names nothing. */
function isUnknownSession(error: OperationError): boolean {
  return error.kind === "not_found" && error.messages[0]?.id === "usc.reference.update_session.not_found";
}

/**
 * The message faults, on messages with named arguments (params): message-placeholders-left leaves each
 * `{name}` unsubstituted in default_message, message-args-beside-params repeats the values in args, and
 * message-param-format-unlisted writes the format SHORT_DATETIME, which the DateTimeFormat enum lacks (E06).
 */
function deviatedMessages(messages: LocalizableMessage[], faults: Faults): LocalizableMessage[] {
  return messages.map((message) => {
    const params = message.params;
    if (params === undefined) return message;
    const entries = Object.entries(params);
    let text = message.default_message;
    if (faults.has("message-placeholders-left"))
      for (const [key, param] of entries) text = text.replace(param.s ?? param.dt ?? `{${key}}`, `{${key}}`);
    const args = faults.has("message-args-beside-params")
      ? entries.map(([, param]) => param.s ?? param.dt ?? "")
      : message.args;
    const unlisted = faults.has("message-param-format-unlisted")
      ? Object.fromEntries(
          entries.map(([key, param]) => [
            key,
            param.format === undefined ? param : { ...param, format: "SHORT_DATETIME" },
          ]),
        )
      : params;
    return { ...message, default_message: text, args, params: unlisted as typeof params };
  });
}

/** The maps-other-encoding fault: every LocalizableMessage gets `params` in the other dialect's encoding. */
function withForeignParams(value: unknown, dialect: Dialect["name"]): unknown {
  if (Array.isArray(value)) return value.map((entry) => withForeignParams(entry, dialect));
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) copy[key] = withForeignParams(member, dialect);
  if (typeof copy.id === "string" && typeof copy.default_message === "string" && Array.isArray(copy.args)) {
    const params = copy.args.map((arg, index) => ({ key: `arg${index}`, value: { s: String(arg) } }));
    // rest encodes maps as arrays of {key, value}, api as objects: this writes each the other's way.
    copy.params =
      dialect === "rest" ? Object.fromEntries(params.map(({ key, value }) => [key, value])) : params;
  }
  return copy;
}

/** The messages-without-id fault: each message of an error body loses its `id` (api top level, rest under `value`). */
function withoutMessageIds(body: object): object {
  const strip = (value: Record<string, unknown>) =>
    Array.isArray(value.messages)
      ? {
          ...value,
          messages: value.messages.map((entry: object) =>
            Object.fromEntries(Object.entries(entry).filter(([key]) => key !== "id")),
          ),
        }
      : value;
  const top = strip(body as Record<string, unknown>);
  return typeof top.value === "object" && top.value !== null
    ? { ...top, value: strip(top.value as Record<string, unknown>) }
    : top;
}

/** The errors-without-messages fault: the error body loses `messages` (api top level, rest under `value`). */
function withoutMessages(body: object): object {
  const drop = (value: object) =>
    Object.fromEntries(Object.entries(value).filter(([key]) => key !== "messages"));
  const top: Record<string, unknown> = drop(body);
  return typeof top.value === "object" && top.value !== null ? { ...top, value: drop(top.value) } : top;
}

/** The fault variants that change a successful result of the update session and file operations. */
function deviateResult(reply: WireReply, dialect: Dialect, route: Route, faults: Faults): WireReply {
  const body = reply.body;
  // A sloppy rest implementation unwraps every result, set-up's (login, datastores, libraries) included.
  if (dialect.name === "rest" && faults.has("rest-unwrapped") && typeof body === "object" && body !== null)
    return { status: reply.status, body: (body as { value?: unknown }).value };
  if (!route.operationId.startsWith("updateSession.")) return reply;
  if (dialect.name === "api" && faults.has("api-wrapped") && body !== undefined)
    return { status: reply.status, body: { value: body } };
  if (dialect.name === "api" && faults.has("wrong-success-codes"))
    return { status: 200, body: reply.status === 204 ? {} : body };
  // rest-create-201: the api dialect's Created, copied into rest.
  if (
    dialect.name === "rest" &&
    route.operationId === "updateSession.create" &&
    faults.has("rest-create-201")
  )
    return { status: 201, body };
  // rest-file-list-item-only: a rest façade that lists the item's files, not those the session added.
  if (
    dialect.name === "rest" &&
    route.operationId === "updateSession.file.list" &&
    faults.has("rest-file-list-item-only")
  )
    return { status: reply.status, body: { value: itemFilesOnly((body as { value?: unknown }).value) } };
  return reply;
}

/** The file infos of a list that the item already had (source_type NONE), leaving out added ones. */
function itemFilesOnly(files: unknown): unknown {
  if (!Array.isArray(files)) return files;
  return files.filter((file) => (file as { source_type?: unknown } | null)?.source_type === "NONE");
}

/** The fault variants that change an api error body's error_type: left out, or spelled in lower case. */
function deviateErrorBody(body: object, dialect: Dialect, faults: Faults): object {
  if (dialect.name !== "api") return body;
  const { error_type: errorType, ...rest } = body as { error_type?: unknown };
  if (faults.has("api-errors-without-error-type")) return rest;
  if (faults.has("api-error-type-lower-case") && typeof errorType === "string")
    return { error_type: errorType.toLowerCase(), ...rest };
  return body;
}

/** Writes the answer of a dialect route: JSON, or nothing for a void result. Wire-level faults apply here. */
function answerDialect(
  response: ServerResponse,
  dialect: Dialect,
  faults: Faults,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  if (body === undefined) {
    sendEmpty(response, status, headers);
    return;
  }
  const encoded = faults.has("maps-other-encoding") ? withForeignParams(body, dialect.name) : body;
  const contentType = faults.has("json-as-text-plain") ? "text/plain" : "application/json";
  sendJson(response, status, encoded, headers, contentType);
}

/**
 * Writes an error of a dialect route in the dialect's shape: the route's documented status for the error
 * (resource_busy), else the default; 405 with `Allow` for a known path with another method.
 */
function answerDialectError(
  response: ServerResponse,
  dialect: Dialect,
  faults: Faults,
  error: OperationError,
  how: { route?: Route; allow?: string[] },
): void {
  const unknownSession = isUnknownSession(error);
  if (unknownSession && faults.has("not-found-plain-text")) return sendText(response, 404, "Not Found");
  if (unknownSession && faults.has("not-found-empty-200")) return sendEmpty(response, 200);
  if (error.kind === "unauthenticated" && faults.has("unauthenticated-empty-body"))
    return sendEmpty(response, 401);
  const asKind = unknownSession && faults.has("not-found-as-400") ? "invalid_argument" : error.kind;
  // invalid-argument-as-500: a validation error nobody caught, answered as the server's own failure.
  const kind =
    asKind === "invalid_argument" && faults.has("invalid-argument-as-500") ? "internal_server_error" : asKind;
  const written = deviateErrorBody(
    dialect.errorBody(kind, deviatedMessages(error.messages, faults)),
    dialect,
    faults,
  );
  const body = faults.has("messages-without-id") ? withoutMessageIds(written) : written;
  // not-allowed-as-409: the one status a rest page documents for fail's refusal, used for every operation.
  const conflict =
    (kind === "not_allowed_in_current_state" && faults.has("not-allowed-as-409")) ||
    // resource-busy-as-409: the usual HTTP status for a conflict, where the documents give 400 or 500.
    (kind === "resource_busy" && faults.has("resource-busy-as-409")) ||
    // api-fail-refusal-409: the rest page's 409 for fail, taken over into the api dialect (erratum E10).
    (kind === "not_allowed_in_current_state" &&
      dialect.name === "api" &&
      how.route?.operationId === "updateSession.fail" &&
      faults.has("api-fail-refusal-409"));
  // unknown-action-as-400: an action no operation serves gets the status of a bad request, not 404.
  const unknownAction =
    error.messages[0]?.id === "usc.reference.route.unknown_action" && faults.has("unknown-action-as-400");
  answerDialect(
    response,
    dialect,
    faults,
    how.allow !== undefined
      ? 405
      : unknownAction
        ? 400
        : conflict
          ? 409
          : (how.route?.errorStatus[kind] ?? defaultErrorStatus[kind]),
    faults.has("errors-without-messages") ? withoutMessages(body) : body,
    how.allow === undefined ? {} : { allow: how.allow.join(", ") },
  );
}

/** Why no route answers: an unknown action, a known path with another method (405 with Allow), or no path. */
function routingFailure(
  method: string,
  pathname: string,
  match: Exclude<RouteMatch, { kind: "found" }>,
): { error: OperationError; allow?: string[] } {
  if (match.kind === "no-method") {
    const error = failure(
      "operation_not_found",
      "route.unknown",
      `No operation answers ${method} ${pathname}.`,
    );
    return { error, allow: match.allow };
  }
  if (match.kind === "no-action" && match.action !== undefined) {
    const error = failure(
      "operation_not_found",
      "route.unknown_action",
      `Unknown action '${match.action}' for ${method} ${pathname}.`,
      match.action,
    );
    return { error };
  }
  return {
    error: failure("operation_not_found", "route.unknown", `No operation answers ${method} ${pathname}.`),
  };
}

/** An answer written without a ServerResponse (see client-errors.ts). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: object;
}

/**
 * What the listener would answer a method Node's parser does not know (such a request never reaches it):
 * 405 with `Allow` on a known path, else 404 operation_not_found, in the path's dialect shape.
 */
export function unknownMethodAnswer(method: string, target: string): RawAnswer {
  const url = parseRequestTarget(target);
  if (url === undefined) {
    const error = failure(
      "invalid_request",
      "request.bad_url",
      "The request target is not a valid URL path.",
    );
    return { status: 400, headers: {}, body: apiDialect.errorBody(error.kind, error.messages) };
  }
  if (url.pathname.startsWith("/usc-upload/")) {
    const error = failure("operation_not_found", "upload.method", "Upload with PUT (or POST).");
    return {
      status: 405,
      headers: { allow: "PUT, POST" },
      body: apiDialect.errorBody(error.kind, error.messages),
    };
  }
  const selected = dialects.find(({ dialect }) => url.pathname.startsWith(dialect.prefix));
  const match: RouteMatch = selected?.router.match(method, url.pathname, url.searchParams) ?? {
    kind: "no-path",
  };
  const dialect = selected?.dialect ?? apiDialect;
  if (match.kind === "found") {
    const error = failure(
      "operation_not_found",
      "route.unknown",
      `No operation answers ${method} ${url.pathname}.`,
    );
    return {
      status: 405,
      headers: { allow: match.route.method },
      body: dialect.errorBody(error.kind, error.messages),
    };
  }
  const { error, allow } = routingFailure(method, url.pathname, match);
  return allow === undefined
    ? {
        status: defaultErrorStatus[error.kind],
        headers: {},
        body: dialect.errorBody(error.kind, error.messages),
      }
    : {
        status: 405,
        headers: { allow: allow.join(", ") },
        body: dialect.errorBody(error.kind, error.messages),
      };
}

/** Parses a JSON body; an empty body is "no body", which each operation judges for itself. */
function parseJson(data: Buffer): unknown {
  const text = data.toString("utf8");
  if (text.trim().length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw failure(
      "invalid_argument",
      "request.malformed_json",
      `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function handleDialect(
  request: IncomingMessage,
  response: ServerResponse,
  url: RequestTarget,
  { dialect, router }: { dialect: Dialect; router: Router },
  options: HttpHandlerOptions,
): Promise<void> {
  const method = request.method ?? "GET";
  const match = router.match(method, url.pathname, url.searchParams);
  if (match.kind !== "found") {
    await drainBody(request);
    const { error, allow } = routingFailure(method, url.pathname, match);
    answerDialectError(response, dialect, options.faults, error, allow === undefined ? {} : { allow });
    return;
  }
  const { route } = match;
  // A server without the 2014 forms answers them as it answers any path it does not know.
  if (/\.(idAction|bodyAction)$/.test(route.operationId) && options.faults.has("action-forms-not-served")) {
    await drainBody(request);
    const { error } = routingFailure(method, url.pathname, { kind: "no-path" });
    answerDialectError(response, dialect, options.faults, error, {});
    return;
  }
  const pending = bodyOf(request);
  const body = pending instanceof Promise ? await pending : pending;
  if (body.kind === "aborted") return;
  const requestFor = (apiSession: WireRequest["apiSession"], data: Buffer): WireRequest => ({
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: request.headers,
    body: parseJson(data),
    pathParameters: match.pathParameters,
    apiSession,
  });
  try {
    const apiSession = route.needsSession
      ? authenticate(options.store, headerText(request, "vmware-api-session-id"))
      : undefined;
    if (body.kind === "too-large") {
      throw failure(
        "invalid_argument",
        "request.too_large",
        `The request body is larger than ${body.limit} bytes.`,
        String(body.limit),
      );
    }
    const wireRequest = requestFor(apiSession, body.data);
    const context = new RequestContext(request, options, apiSession?.username ?? "");
    const reply = deviateResult(route.handle(wireRequest, context), dialect, route, options.faults);
    answerDialect(response, dialect, options.faults, reply.status, reply.body, {});
  } catch (error) {
    if (!(error instanceof OperationError)) throw error;
    if (
      error.kind === "unauthenticated" &&
      body.kind === "ok" &&
      appliedBeforeAuthentication(route.operationId, options.faults)
    ) {
      // A mock that checks the credential only after it has carried the call out.
      const wireRequest = requestFor(undefined, body.data);
      try {
        route.handle(wireRequest, new RequestContext(request, options, ""));
      } catch {
        // The refusal below is the answer either way.
      }
    }
    answerDialectError(response, dialect, options.faults, error, { route });
  }
}

/**
 * unauthenticated-writes-applied: the operations that change something, which that fault carries out
 * before it checks the credential (update has a fault of its own).
 */
const unauthenticatedWrites: readonly string[] = [
  "updateSession.create",
  "updateSession.cancel",
  "updateSession.fail",
  "updateSession.file.add",
  "updateSession.file.remove",
];

/** Whether a fault carries this operation out although its credential is refused. */
function appliedBeforeAuthentication(operationId: string, faults: Faults): boolean {
  if (operationId === "updateSession.update") return faults.has("unauthenticated-update-applied");
  return unauthenticatedWrites.includes(operationId) && faults.has("unauthenticated-writes-applied");
}

/**
 * The request listener: picks the dialect by prefix, routes, authenticates, parses and answers. Every
 * failure it does not expect becomes a 500 internal_server_error in the dialect's shape; it never throws.
 */
export function createRequestListener(options: HttpHandlerOptions): RequestListener {
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host. Node would, with an empty
    // body; it is told not to (requireHostHeader: false) so that the answer has the JSON error body.
    if (request.headers.host === undefined && request.httpVersion === "1.1") {
      await drainBody(request);
      const error = failure(
        "invalid_request",
        "request.no_host",
        "An HTTP/1.1 request must have a Host header.",
      );
      sendJson(response, 400, apiDialect.errorBody(error.kind, error.messages), { connection: "close" });
      return;
    }
    const url = parseRequestTarget(request.url ?? "/");
    if (url === undefined) {
      await drainBody(request);
      const error = failure(
        "invalid_request",
        "request.bad_url",
        "The request target is not a valid URL path.",
      );
      sendError(response, apiDialect, error);
      return;
    }
    if (url.pathname.startsWith("/usc-upload/")) {
      await handleUpload(request, response, options, url.pathname);
      return;
    }
    const selected = dialects.find(({ dialect }) => url.pathname.startsWith(dialect.prefix));
    if (selected === undefined) {
      await drainBody(request);
      const error = failure(
        "operation_not_found",
        "route.unknown",
        `No operation answers ${request.method ?? "GET"} ${url.pathname}: paths start with /rest/ or /api/.`,
      );
      sendError(response, apiDialect, error);
      return;
    }
    await handleDialect(request, response, url, selected, options);
  };
  return (request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error("reference server: internal error:", error);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const dialect = request.url?.startsWith("/rest/") ? restDialect : apiDialect;
      const internal = failure(
        "internal_server_error",
        "internal",
        "The reference server failed unexpectedly.",
      );
      sendJson(response, 500, dialect.errorBody(internal.kind, internal.messages));
    });
  };
}
