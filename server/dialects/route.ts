import type { IncomingHttpHeaders } from "node:http";
import { unauthenticated } from "../operations/auth.ts";
import type { OperationContext } from "../operations/context.ts";
import type { ErrorKind } from "../operations/errors.ts";
import type { ApiSession } from "../state/model.ts";

/** A request as a route handler sees it: the body already parsed, path parameters already decoded. */
export interface WireRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when the request had none. */
  body: unknown;
  pathParameters: Record<string, string>;
  /** The caller's login session; undefined only on routes that do not need one (login). */
  apiSession: ApiSession | undefined;
}

export interface WireReply {
  status: number;
  /** Serialized as JSON; undefined means an empty body. */
  body?: unknown;
}

export interface Route {
  /** The operation id the spec gives this wire form (`updateSession.get.bodyAction`). */
  operationId: string;
  method: string;
  /** Path template: `{name}` matches one segment; `id:{name}` one segment that starts with `id:`. */
  template: string;
  /** The action query value (`?~action=` / `?action=`) that selects this route, if any. */
  action: string | undefined;
  /** False only for login. */
  needsSession: boolean;
  /** Status codes this operation documents in place of the dialect's defaults (resource_busy on create). */
  errorStatus: Partial<Record<ErrorKind, number>>;
  handle(request: WireRequest, context: OperationContext): WireReply;
}

/** The route table and the encoding of one dialect. */
export interface Dialect {
  name: "rest" | "api";
  /** Every path of the dialect starts with this. */
  prefix: string;
  /** The query parameter that names an action: `~action` in rest, `action` in api. */
  actionParameter: string;
  routes: Route[];
  /** The body of an error in this dialect's shape. */
  errorBody(kind: ErrorKind, messages: object[]): object;
}

/** Shorthand for declaring a route; `errorStatus` and `needsSession` default to the common case. */
export function route(
  operationId: string,
  method: string,
  templateAndAction: string,
  handle: Route["handle"],
  extra: Partial<Pick<Route, "needsSession" | "errorStatus">> = {},
): Route {
  const [template = templateAndAction, query] = templateAndAction.split("?", 2);
  const action = query === undefined ? undefined : new URLSearchParams(query).values().next().value;
  return { operationId, method, template, action, handle, needsSession: true, errorStatus: {}, ...extra };
}

/** The caller's login session on a route that needs one (the HTTP layer has already checked it). */
export function callerSession(request: WireRequest): ApiSession {
  if (request.apiSession === undefined) throw unauthenticated();
  return request.apiSession;
}
