import type { ServerResponse } from "node:http";
import type { Dialect, WireReply } from "../dialects/route.ts";
import {
  answerDialectError,
  callRoute,
  contentType,
  errorBody,
  errorKind,
  errorStatus,
  jsonBody,
  routeFor,
  successReply,
} from "../http.ts";
import { OperationError } from "../operations/errors.ts";
import { sendEmpty, sendText } from "../respond.ts";
import type { LocalizableMessage } from "../state/model.ts";
import { after, around, instead, type Hook } from "./hooks.ts";

/**
 * The overrides of the wire-level faults: how answers are encoded (wrapping, status codes, content type,
 * map encoding), how errors are answered (status, error type, body, messages), routing and authentication.
 */

/** Whether an error is the not_found of an update session id that names nothing. */
function isUnknownSession(error: OperationError): boolean {
  return error.kind === "not_found" && error.messages[0]?.id === "usc.reference.update_session.not_found";
}

/** Rewrites the messages with named arguments (params) of an error before its body is written. */
function onParamMessages(
  rewrite: (
    message: LocalizableMessage,
    params: NonNullable<LocalizableMessage["params"]>,
  ) => LocalizableMessage,
): Hook {
  return around(errorBody, (next, context, dialect, kind, messages) =>
    next(
      context,
      dialect,
      kind,
      messages.map((message) => (message.params === undefined ? message : rewrite(message, message.params))),
    ),
  );
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

/** An error body with `rewrite` applied where its messages sit: api at the top level, rest under `value`. */
function atMessages(body: object, rewrite: (value: Record<string, unknown>) => object): object {
  const top = rewrite(body as Record<string, unknown>) as Record<string, unknown>;
  return typeof top.value === "object" && top.value !== null
    ? { ...top, value: rewrite(top.value as Record<string, unknown>) }
    : top;
}

function withoutMember(value: Record<string, unknown>, name: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== name));
}

/** Answers an error some other way, for the errors `when` picks. */
function answerErrorAs(
  when: (error: OperationError) => boolean,
  answer: (response: ServerResponse) => void,
): Hook {
  return around(answerDialectError, (next, context, response, dialect, error, how) =>
    when(error) ? answer(response) : next(context, response, dialect, error, how),
  );
}

/** The status an error kind is answered with, whatever the route documents. */
function statusFor(kind: OperationError["kind"], status: number): Hook {
  return after(errorStatus, (written, _context, _dialect, asKind) => (asKind === kind ? status : written));
}

/** A change to the successful answers of the update session and file operations in one dialect. */
function sessionReplies(
  dialect: Dialect["name"],
  rewrite: (reply: WireReply, operationId: string) => WireReply,
): Hook {
  return after(successReply, (reply, _context, { name }, route) =>
    name === dialect && route.operationId.startsWith("updateSession.")
      ? rewrite(reply, route.operationId)
      : reply,
  );
}

/** Carries the call out although its credential is refused, then answers the refusal. */
function appliedBeforeAuthentication(operations: readonly string[]): Hook {
  return around(callRoute, (next, context, route, token, call) => {
    try {
      return next(context, route, token, call);
    } catch (error) {
      if (
        error instanceof OperationError &&
        error.kind === "unauthenticated" &&
        operations.includes(route.operationId)
      ) {
        try {
          call.run(undefined);
        } catch {
          // The refusal is the answer either way.
        }
      }
      throw error;
    }
  });
}

/** The token of the last request each server authenticated (session-header-optional). */
const lastToken = new WeakMap<object, string>();

export const wireHooks = {
  // A server without the 2014 forms answers them as it answers any path it does not know.
  "action-forms-not-served": after(routeFor, (match) =>
    match.kind === "found" && /\.(idAction|bodyAction)$/.test(match.route.operationId)
      ? { kind: "no-path" as const }
      : match,
  ),
  // A mock that checks the credential only after it has carried the update out.
  "unauthenticated-update-applied": appliedBeforeAuthentication(["updateSession.update"]),
  // The same for the operations that change something (update has the fault above).
  "unauthenticated-writes-applied": appliedBeforeAuthentication([
    "updateSession.create",
    "updateSession.cancel",
    "updateSession.fail",
    "updateSession.file.add",
    "updateSession.file.remove",
  ]),
  // The rest page's 409 for fail, taken over into the api dialect (erratum E10).
  "api-fail-refusal-409": after(errorStatus, (status, _context, dialect, kind, _error, route) =>
    dialect.name === "api" &&
    kind === "not_allowed_in_current_state" &&
    route?.operationId === "updateSession.fail"
      ? 409
      : status,
  ),
  // A mock that keeps one current session: a request without the header acts as the last one that sent it.
  "session-header-optional": around(callRoute, (next, context, route, token, call) => {
    const used = token ?? lastToken.get(context.store);
    const reply = next(context, route, used, call);
    if (used !== undefined && route.needsSession) lastToken.set(context.store, used);
    return reply;
  }),
  // The 401's challenge as structured data instead of a WWW-Authenticate style string.
  "challenge-not-string": after(errorBody, (body, _context, dialect, kind) =>
    dialect.name === "api" && kind === "unauthenticated"
      ? { ...body, challenge: { scheme: "Basic", realm: "VMware vCenter" } }
      : body,
  ),

  // A sloppy rest implementation unwraps every result, set-up's (login, datastores, libraries) included.
  "rest-unwrapped": after(successReply, (reply, _context, dialect) =>
    dialect.name === "rest" && typeof reply.body === "object" && reply.body !== null
      ? { status: reply.status, body: (reply.body as { value?: unknown }).value }
      : reply,
  ),
  "api-wrapped": sessionReplies("api", (reply) =>
    reply.body === undefined ? reply : { status: reply.status, body: { value: reply.body } },
  ),
  "wrong-success-codes": sessionReplies("api", (reply) => ({
    status: 200,
    body: reply.status === 204 ? {} : reply.body,
  })),
  // The api dialect's Created, copied into rest.
  "rest-create-201": sessionReplies("rest", (reply, operationId) =>
    operationId === "updateSession.create" ? { status: 201, body: reply.body } : reply,
  ),
  "maps-other-encoding": after(jsonBody, (body, _context, dialect) => withForeignParams(body, dialect.name)),
  "json-as-text-plain": instead(contentType, () => "text/plain"),

  "not-found-plain-text": answerErrorAs(isUnknownSession, (response) => sendText(response, 404, "Not Found")),
  "not-found-empty-200": answerErrorAs(isUnknownSession, (response) => sendEmpty(response, 200)),
  "unauthenticated-empty-body": answerErrorAs(
    (error) => error.kind === "unauthenticated",
    (response) => sendEmpty(response, 401),
  ),
  "not-found-as-400": after(errorKind, (kind, _context, error) =>
    isUnknownSession(error) ? "invalid_argument" : kind,
  ),
  // A validation error nobody caught, answered as the server's own failure.
  "invalid-argument-as-500": after(errorKind, (kind) =>
    kind === "invalid_argument" ? "internal_server_error" : kind,
  ),
  // The one status a rest page documents for fail's refusal, used for every operation.
  "not-allowed-as-409": statusFor("not_allowed_in_current_state", 409),
  // The usual HTTP status for a conflict, where the documents give 400 or 500.
  "resource-busy-as-409": statusFor("resource_busy", 409),
  // An action no operation serves gets the status of a bad request, not 404.
  "unknown-action-as-400": after(errorStatus, (status, _context, _dialect, _kind, error) =>
    error.messages[0]?.id === "usc.reference.route.unknown_action" ? 400 : status,
  ),

  "api-errors-without-error-type": after(errorBody, (body, _context, dialect) =>
    dialect.name === "api" ? withoutMember(body as Record<string, unknown>, "error_type") : body,
  ),
  "api-error-type-lower-case": after(errorBody, (body, _context, dialect) => {
    const { error_type: errorType, ...rest } = body as { error_type?: unknown };
    return dialect.name === "api" && typeof errorType === "string"
      ? { error_type: errorType.toLowerCase(), ...rest }
      : body;
  }),
  "messages-without-id": after(errorBody, (body) =>
    atMessages(body, (value) =>
      Array.isArray(value.messages)
        ? {
            ...value,
            messages: value.messages.map((entry: Record<string, unknown>) => withoutMember(entry, "id")),
          }
        : value,
    ),
  ),
  "errors-without-messages": after(errorBody, (body) =>
    atMessages(body, (value) => withoutMember(value, "messages")),
  ),
  // default_message keeps each `{name}` placeholder instead of the argument's value.
  "message-placeholders-left": onParamMessages((message, params) => {
    let text = message.default_message;
    for (const [key, param] of Object.entries(params))
      text = text.replace(param.s ?? param.dt ?? `{${key}}`, `{${key}}`);
    return { ...message, default_message: text };
  }),
  // The named arguments repeated, positionally, in args.
  "message-args-beside-params": onParamMessages((message, params) => ({
    ...message,
    args: Object.values(params).map((param) => param.s ?? param.dt ?? ""),
  })),
  // The format SHORT_DATETIME, which the DateTimeFormat enum lacks (E06).
  "message-param-format-unlisted": onParamMessages((message, params) => ({
    ...message,
    params: Object.fromEntries(
      Object.entries(params).map(([key, param]) => [
        key,
        param.format === undefined ? param : { ...param, format: "SHORT_DATETIME" },
      ]),
    ) as typeof params,
  })),
} as const;
