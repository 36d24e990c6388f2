import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { apiDialect } from "./dialects/api.ts";
import { defaultErrorStatus } from "./dialects/error-types.ts";
import { restDialect } from "./dialects/rest.ts";
import type { Dialect, Route, WireRequest } from "./dialects/route.ts";
import { Router } from "./dialects/router.ts";
import type { Faults } from "./faults.ts";
import { authenticate } from "./operations/auth.ts";
import type { OperationContext } from "./operations/context.ts";
import { failure, OperationError } from "./operations/errors.ts";
import type { Store } from "./state/store.ts";
import { drainBody, readBody } from "./body.ts";
import { sendEmpty, sendJson } from "./respond.ts";
import { handleUpload } from "./upload.ts";

/** JSON request bodies above this are refused: the largest documented body (an AddSpec) is far smaller. */
export const maxJsonBodyBytes = 1024 * 1024;

export interface HttpHandlerOptions {
  store: Store;
  faults: Faults;
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

function sendError(response: ServerResponse, dialect: Dialect, error: OperationError, route?: Route): void {
  const status = route?.errorStatus[error.kind] ?? defaultErrorStatus[error.kind];
  sendJson(response, status, dialect.errorBody(error.kind, error.messages));
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
  url: URL,
  { dialect, router }: { dialect: Dialect; router: Router },
  options: HttpHandlerOptions,
): Promise<void> {
  const method = request.method ?? "GET";
  const match = router.match(method, url.pathname, url.searchParams);
  if (match.kind !== "found") {
    await drainBody(request);
    const error =
      match.kind === "no-action" && match.action !== undefined
        ? failure(
            "operation_not_found",
            "route.unknown_action",
            `Unknown action '${match.action}' for ${method} ${url.pathname}.`,
            match.action,
          )
        : failure("operation_not_found", "route.unknown", `No operation answers ${method} ${url.pathname}.`);
    if (match.kind === "no-method") {
      sendJson(response, 405, dialect.errorBody(error.kind, error.messages), {
        allow: match.allow.join(", "),
      });
    } else {
      sendError(response, dialect, error);
    }
    return;
  }
  const { route } = match;
  const body = await readBody(request, maxJsonBodyBytes);
  if (body.kind === "aborted") return;
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
    const wireRequest: WireRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: parseJson(body.data),
      pathParameters: match.pathParameters,
      apiSession,
    };
    const context: OperationContext = {
      store: options.store,
      user: apiSession?.username ?? "",
      origin: originOf(request, options),
      tlsThumbprint: options.tlsThumbprint,
      faults: options.faults,
      shutdown: options.shutdown,
    };
    const reply = route.handle(wireRequest, context);
    if (reply.body === undefined) sendEmpty(response, reply.status);
    else sendJson(response, reply.status, reply.body);
  } catch (error) {
    if (!(error instanceof OperationError)) throw error;
    sendError(response, dialect, error, route);
  }
}

/**
 * The request listener: picks the dialect by prefix, routes, authenticates, parses and answers. Every
 * failure it does not expect becomes a 500 internal_server_error in the dialect's shape; it never throws.
 */
export function createRequestListener(options: HttpHandlerOptions): RequestListener {
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let url: URL;
    try {
      url = new URL(request.url ?? "/", "http://reference.invalid");
    } catch {
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
      await handleUpload(request, response, options.store, url.pathname);
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
