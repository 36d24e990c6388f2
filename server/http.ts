import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { apiDialect } from "./dialects/api.ts";
import { defaultErrorStatus } from "./dialects/error-types.ts";
import { restDialect } from "./dialects/rest.ts";
import type { Dialect, Route, WireReply, WireRequest } from "./dialects/route.ts";
import { Router, type RouteMatch } from "./dialects/router.ts";
import type { ApiSession, LocalizableMessage } from "./state/model.ts";
import { authenticate } from "./operations/auth.ts";
import type { OperationContext } from "./operations/context.ts";
import { overridable, type Overridden, type Overrides } from "./operations/overridable.ts";
import { failure, OperationError, type ErrorKind } from "./operations/errors.ts";
import { formatHttpDate } from "./state/clock.ts";
import type { Store } from "./state/store.ts";
import { drainBody, readBody, type BodyResult } from "./body.ts";
import { parseRequestTarget, type RequestTarget } from "./request-target.ts";
import { sendEmpty, sendJson } from "./respond.ts";
import { handleUpload } from "./upload.ts";

/** JSON request bodies above this are refused: the largest documented body (an AddSpec) is far smaller. */
export const maxJsonBodyBytes = 1024 * 1024;

export interface HttpHandlerOptions {
  store: Store;
  /** The overrides of the fault variant (server/deviations/): around operations and wire decisions. */
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

/** The dialect whose prefix starts the path, if any. */
function dialectOf(pathname: string): { dialect: Dialect; router: Router } | undefined {
  for (const entry of dialects) if (pathname.startsWith(entry.dialect.prefix)) return entry;
  return undefined;
}

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
  readonly overrides: Overrides;
  readonly shutdown: AbortSignal;
  readonly #request: IncomingMessage;
  readonly #options: HttpHandlerOptions;
  #origin: string | undefined;

  constructor(request: IncomingMessage, options: HttpHandlerOptions, user: string) {
    this.store = options.store;
    this.user = user;
    this.tlsThumbprint = options.tlsThumbprint;
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

/** What the wire decisions need: the overrides a fault variant puts around them (server/deviations/). */
type WireContext = Overridden;

/** The route that answers a request, if any: every route of the dialect's table is served. */
export const routeFor = overridable(
  "wire.route",
  (_context: WireContext, router: Router, method: string, url: RequestTarget): RouteMatch =>
    router.match(method, url),
);

/** A found route's call on one request, waiting for the caller's login session (see callRoute). */
export interface RouteCall {
  run(apiSession: ApiSession | undefined): WireReply;
}

/**
 * Runs a route for its caller: a route that needs a login session runs only once the session header names
 * a valid one, so an unauthenticated request changes nothing.
 */
export const callRoute = overridable(
  "wire.call-route",
  (context: HttpHandlerOptions, route: Route, token: string | undefined, call: RouteCall): WireReply =>
    call.run(route.needsSession ? authenticate(context.store, token) : undefined),
);

/** A route's successful answer goes out as the route wrote it (its dialect's wrapping and status). */
export const successReply = overridable(
  "wire.success-reply",
  (_context: WireContext, _dialect: Dialect, _route: Route, reply: WireReply): WireReply => reply,
);

/** A JSON body goes out as the route wrote it, maps in the dialect's own encoding. */
export const jsonBody = overridable(
  "wire.json-body",
  (_context: WireContext, _dialect: Dialect, body: unknown): unknown => body,
);

/** Every body the dialects send is JSON. */
export const contentType = overridable(
  "wire.content-type",
  (_context: WireContext): string => "application/json",
);

/** The error type an operation's failure is answered as: its own. */
export const errorKind = overridable(
  "wire.error-kind",
  (_context: WireContext, error: OperationError): ErrorKind => error.kind,
);

/** The status of an error: the route's documented status for the kind (resource_busy on create), else the default. */
export const errorStatus = overridable(
  "wire.error-status",
  (
    _context: WireContext,
    _dialect: Dialect,
    kind: ErrorKind,
    _error: OperationError,
    route: Route | undefined,
  ): number => route?.errorStatus[kind] ?? defaultErrorStatus[kind],
);

/** The body of an error in the dialect's shape, with the operation's messages as they were raised. */
export const errorBody = overridable(
  "wire.error-body",
  (_context: WireContext, dialect: Dialect, kind: ErrorKind, messages: LocalizableMessage[]): object =>
    dialect.errorBody(kind, messages),
);

/** Writes the answer of a dialect route: JSON, or nothing for a void result. */
function answerDialect(
  response: ServerResponse,
  dialect: Dialect,
  context: WireContext,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  if (body === undefined) {
    sendEmpty(response, status, headers);
    return;
  }
  sendJson(response, status, jsonBody(context, dialect, body), headers, contentType(context));
}

/**
 * Writes an error of a dialect route in the dialect's shape: the route's documented status for the error
 * (resource_busy), else the default; 405 with `Allow` for a known path with another method.
 */
export const answerDialectError = overridable(
  "wire.answer-error",
  (
    context: WireContext,
    response: ServerResponse,
    dialect: Dialect,
    error: OperationError,
    how: { route?: Route; allow?: string[] },
  ): void => {
    const kind = errorKind(context, error);
    answerDialect(
      response,
      dialect,
      context,
      how.allow !== undefined ? 405 : errorStatus(context, dialect, kind, error, how.route),
      errorBody(context, dialect, kind, error.messages),
      how.allow === undefined ? {} : { allow: how.allow.join(", ") },
    );
  },
);

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
  const selected = dialectOf(url.pathname);
  const match: RouteMatch = selected?.router.match(method, url) ?? {
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
  if (data.length === 0) return undefined;
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

/**
 * Answers a request of a dialect. Synchronous when the request has no body to wait for (most GETs), so
 * that path allocates no promise; a promise otherwise. `date` is the Date header's value: a found route's
 * answer carries it among its own headers, every other answer sets it first.
 */
function handleDialect(
  request: IncomingMessage,
  response: ServerResponse,
  url: RequestTarget,
  { dialect, router }: { dialect: Dialect; router: Router },
  options: HttpHandlerOptions,
  date: string,
): void | Promise<void> {
  const method = request.method ?? "GET";
  const match = routeFor(options, router, method, url);
  if (match.kind !== "found") {
    response.setHeader("date", date);
    return drainBody(request).then(() => {
      const { error, allow } = routingFailure(method, url.pathname, match);
      answerDialectError(options, response, dialect, error, allow === undefined ? {} : { allow });
    });
  }
  const body = bodyOf(request);
  if (body instanceof Promise) {
    return body.then((read) =>
      answerRoute(request, response, dialect, match, method, url, read, options, date),
    );
  }
  answerRoute(request, response, dialect, match, method, url, body, options, date);
}

/** A found route's call on a request whose body has been read (a class, not a closure: it is made per request). */
class FoundRouteCall implements RouteCall {
  readonly #request: IncomingMessage;
  readonly #match: Extract<RouteMatch, { kind: "found" }>;
  readonly #method: string;
  readonly #url: RequestTarget;
  readonly #body: Exclude<BodyResult, { kind: "aborted" }>;
  readonly #options: HttpHandlerOptions;

  constructor(
    request: IncomingMessage,
    match: Extract<RouteMatch, { kind: "found" }>,
    method: string,
    url: RequestTarget,
    body: Exclude<BodyResult, { kind: "aborted" }>,
    options: HttpHandlerOptions,
  ) {
    this.#request = request;
    this.#match = match;
    this.#method = method;
    this.#url = url;
    this.#body = body;
    this.#options = options;
  }

  run(apiSession: ApiSession | undefined): WireReply {
    const body = this.#body;
    if (body.kind === "too-large") {
      throw failure(
        "invalid_argument",
        "request.too_large",
        `The request body is larger than ${body.limit} bytes.`,
        String(body.limit),
      );
    }
    const request = this.#request;
    const context = new RequestContext(request, this.#options, apiSession?.username ?? "");
    const wire: WireRequest = {
      method: this.#method,
      path: this.#url.pathname,
      query: this.#url.searchParams,
      headers: request.headers,
      body: parseJson(body.data),
      pathParameters: this.#match.pathParameters,
      apiSession,
    };
    return this.#match.route.handle(wire, context);
  }
}

/** Runs a found route on the request's body and writes its answer, or its error, in the dialect's shape. */
function answerRoute(
  request: IncomingMessage,
  response: ServerResponse,
  dialect: Dialect,
  match: Extract<RouteMatch, { kind: "found" }>,
  method: string,
  url: RequestTarget,
  body: BodyResult,
  options: HttpHandlerOptions,
  date: string,
): void {
  if (body.kind === "aborted") return;
  const { route } = match;
  try {
    const call = new FoundRouteCall(request, match, method, url, body, options);
    const reply = callRoute(options, route, headerText(request, "vmware-api-session-id"), call);
    const answer = successReply(options, dialect, route, reply);
    answerDialect(response, dialect, options, answer.status, answer.body, { date });
  } catch (error) {
    if (!(error instanceof OperationError)) throw error;
    response.setHeader("date", date);
    answerDialectError(options, response, dialect, error, { route });
  }
}

/** An HTTP/1.1 request must name its Host; HTTP/1.0 need not. */
function hostMissing(request: IncomingMessage): boolean {
  return request.headers.host === undefined && request.httpVersion === "1.1";
}

/**
 * Picks the dialect by prefix, or answers what no dialect route can: a missing Host, a bad URL, an upload,
 * a path outside both dialects. The answers outside a dialect set the Date header first.
 */
function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  options: HttpHandlerOptions,
  date: string,
): void | Promise<void> {
  const url = parseRequestTarget(request.url ?? "/");
  const selected = url === undefined ? undefined : dialectOf(url.pathname);
  if (url !== undefined && selected !== undefined && !hostMissing(request)) {
    return handleDialect(request, response, url, selected, options, date);
  }
  response.setHeader("date", date);
  // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host. Node would, with an empty
  // body; it is told not to (requireHostHeader: false) so that the answer has the JSON error body.
  if (hostMissing(request)) {
    return drainBody(request).then(() => {
      const error = failure(
        "invalid_request",
        "request.no_host",
        "An HTTP/1.1 request must have a Host header.",
      );
      sendJson(response, 400, apiDialect.errorBody(error.kind, error.messages), { connection: "close" });
    });
  }
  if (url === undefined) {
    return drainBody(request).then(() => {
      const error = failure(
        "invalid_request",
        "request.bad_url",
        "The request target is not a valid URL path.",
      );
      sendError(response, apiDialect, error);
    });
  }
  if (url.pathname.startsWith("/usc-upload/")) return handleUpload(request, response, options, url.pathname);
  return drainBody(request).then(() => {
    const error = failure(
      "operation_not_found",
      "route.unknown",
      `No operation answers ${request.method ?? "GET"} ${url.pathname}: paths start with /rest/ or /api/.`,
    );
    sendError(response, apiDialect, error);
  });
}

/**
 * The request listener: picks the dialect by prefix, routes, authenticates, parses and answers. Every
 * failure it does not expect becomes a 500 internal_server_error in the dialect's shape; it never throws.
 */
export function createRequestListener(options: HttpHandlerOptions): RequestListener {
  return (request, response) => {
    // The Date header tells the store's time, so a client comparing it with expiration_time compares
    // readings of one clock, also when the server was given one that runs ahead of the system's. Read
    // before anything else the request does.
    const date = formatHttpDate(options.store.now());
    let pending: void | Promise<void>;
    try {
      // Synchronous for a request answered without waiting (see handleDialect), a promise otherwise.
      pending = handleRequest(request, response, options, date);
    } catch (error) {
      answerInternalError(request, response, error, date);
      return;
    }
    if (pending !== undefined)
      pending.catch((error: unknown) => answerInternalError(request, response, error, date));
  };
}

/** A failure the listener did not expect: 500 internal_server_error in the path's dialect shape. */
function answerInternalError(
  request: IncomingMessage,
  response: ServerResponse,
  error: unknown,
  date: string,
): void {
  console.error("reference server: internal error:", error);
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.setHeader("date", date);
  const dialect = request.url?.startsWith("/rest/") ? restDialect : apiDialect;
  const internal = failure("internal_server_error", "internal", "The reference server failed unexpectedly.");
  sendJson(response, 500, dialect.errorBody(internal.kind, internal.messages));
}
