import { login, logout } from "../operations/auth.ts";
import type { OperationContext } from "../operations/context.ts";
import { readId, readOptionalObject, readOptionalString, type JsonObject } from "../operations/decode.ts";
import { createItem, deleteItem, getItem, listItemFiles, listItems } from "../operations/items.ts";
import {
  createLocalLibrary,
  createSubscribedLibrary,
  deleteLibrary,
  getLibrary,
  listLibraries,
  listDatastores,
  syncLibrary,
} from "../operations/libraries.ts";
import { addFile, getFile, listFiles, removeFile, validateFiles } from "../operations/session-files.ts";
import {
  cancelUpdateSession,
  completeUpdateSession,
  createUpdateSession,
  deleteUpdateSession,
  failUpdateSession,
  getUpdateSession,
  keepAliveUpdateSession,
  listUpdateSessions,
  updateUpdateSession,
} from "../operations/update-sessions.ts";
import { overridable } from "../operations/overridable.ts";
import { apiSessionView } from "../operations/views.ts";
import { errorTypeOf, loginChallenge } from "./error-types.ts";
import { callerSession, route, type Dialect, type Route, type WireReply, type WireRequest } from "./route.ts";
import { valueWrapping } from "../json-text.ts";

/**
 * The `rest` dialect (vSphere 6.5 to 7.0U1): `/rest/com/vmware/...`, `id:` path segments, `?~action=`,
 * wrapped request bodies and `{"value": ...}` results, 200 for every success with an empty body for void.
 * Every update session operation also answers in the 2014 action forms (`.idAction`, `.bodyAction`).
 */

const cisSession = "/rest/com/vmware/cis/session";
const updateSession = "/rest/com/vmware/content/library/item/update-session";
const sessionFile = "/rest/com/vmware/content/library/item/updatesession/file";
const localLibrary = "/rest/com/vmware/content/local-library";
const subscribedLibrary = "/rest/com/vmware/content/subscribed-library";
const item = "/rest/com/vmware/content/library/item";

function value(result: unknown): WireReply {
  return { status: 200, body: valueWrapping(result) };
}

const done: WireReply = { status: 200 };

function body(request: WireRequest): JsonObject {
  return readOptionalObject(request.body, "request body");
}

/**
 * A parameter that is not in the path: a body member, or (the 2014 query-string representation, and
 * the canonical form of list operations) a query parameter.
 */
function parameter(request: WireRequest, name: string): unknown {
  return body(request)[name] ?? request.query.get(name) ?? undefined;
}

/** The update session id from the path (`id:{update_session_id}`) or, in a body-action form, the body. */
function sessionId(request: WireRequest): string {
  return (
    request.pathParameters.update_session_id ??
    readId(parameter(request, "update_session_id"), "update_session_id")
  );
}

function pathId(request: WireRequest, name: string): string {
  return request.pathParameters[name] ?? readId(parameter(request, name), name);
}

/** A set-valued query parameter: repeated (`name=a&name=b`) or in the 1-based form (`name.1=a&name.2=b`). */
function queryValues(request: WireRequest, name: string): string[] {
  return [...request.query.entries()]
    .filter(([key]) => key === name || new RegExp(`^${name.replace(/\./g, "\\.")}\\.\\d+$`).test(key))
    .map(([, text]) => text);
}

type Handler = (request: WireRequest, context: OperationContext) => WireReply;

/** Which 2014 form a route is: the id in the path (`idAction`) or in the body or the query (`bodyAction`). */
export type ActionForm = "idAction" | "bodyAction";

/** A 2014 action form answers as the canonical form of its operation does. */
export const actionForm = overridable(
  "rest.action-form",
  (
    context: OperationContext,
    _operationId: string,
    _form: ActionForm,
    request: WireRequest,
    handle: Handler,
  ): WireReply => handle(request, context),
);

function actionFormRoute(
  operationId: string,
  form: ActionForm,
  templateAndAction: string,
  handle: Handler,
): Route {
  return route(`${operationId}.${form}`, "POST", templateAndAction, (request, context) =>
    actionForm(context, operationId, form, request, handle),
  );
}

/** The spec of a create, update or file add: the member of the body named after the parameter. */
export const restSpec = overridable(
  "rest.spec",
  (
    _context: OperationContext,
    request: WireRequest,
    name: "create_spec" | "update_spec" | "file_spec",
  ): unknown => body(request)[name],
);

/** The canonical route of an update session operation plus its 2014 action forms. */
function withActionForms(
  operationId: string,
  canonical: { method: string; template: string },
  action: string,
  handle: Handler,
  forms: { idAction: boolean },
): Route[] {
  const routes = [route(operationId, canonical.method, canonical.template, handle)];
  const collection = canonical.template.split("/id:")[0]?.split("?")[0] ?? canonical.template;
  if (forms.idAction)
    routes.push(
      actionFormRoute(
        operationId,
        "idAction",
        `${collection}/id:{update_session_id}?~action=${action}`,
        handle,
      ),
    );
  routes.push(actionFormRoute(operationId, "bodyAction", `${collection}?~action=${action}`, handle));
  return routes;
}

const byId = `${updateSession}/id:{update_session_id}`;
const fileById = `${sessionFile}/id:{update_session_id}`;

const listSessions: Handler = (request, context) => {
  const ids = listUpdateSessions(
    context,
    request.pathParameters.library_item_id ??
      readOptionalString(parameter(request, "library_item_id"), "library_item_id"),
  );
  return value(ids);
};

/** rest prints every map as an array of {key, value} (E05): a message's params object becomes one. */
function withParamsAsArray(message: object): object {
  const { params } = message as { params?: unknown };
  if (typeof params !== "object" || params === null || Array.isArray(params)) return message;
  const entries = Object.entries(params as Record<string, unknown>);
  return { ...message, params: entries.map(([key, value]) => ({ key, value })) };
}

export const restDialect: Dialect = {
  name: "rest",
  prefix: "/rest/",
  actionParameter: "~action",
  errorBody: (kind, messages) => ({
    type: `com.vmware.vapi.std.errors.${kind}`,
    value: {
      error_type: errorTypeOf(kind),
      messages: messages.map(withParamsAsArray),
      ...(kind === "unauthenticated" ? { challenge: loginChallenge } : {}),
    },
  }),
  routes: [
    route(
      "session.login",
      "POST",
      cisSession,
      (request, context) => value(login(context.store, request.headers.authorization)),
      {
        needsSession: false,
      },
    ),
    route("session.get", "POST", `${cisSession}?~action=get`, (request) =>
      value(apiSessionView(callerSession(request))),
    ),
    route("session.logout", "DELETE", cisSession, (request, context) => {
      logout(context, callerSession(request));
      return done;
    }),

    route("datastore.list", "GET", "/rest/vcenter/datastore", (request, context) =>
      value(
        listDatastores(context, {
          ids: queryValues(request, "filter.datastores"),
          names: queryValues(request, "filter.names"),
          types: queryValues(request, "filter.types"),
        }),
      ),
    ),
    route("library.local.create", "POST", localLibrary, (request, context) =>
      value(createLocalLibrary(context, body(request).create_spec)),
    ),
    route("library.local.list", "GET", localLibrary, (_request, context) =>
      value(listLibraries(context, "LOCAL")),
    ),
    route("library.local.get", "GET", `${localLibrary}/id:{library_id}`, (request, context) =>
      value(getLibrary(context, pathId(request, "library_id"), "LOCAL")),
    ),
    route("library.local.delete", "DELETE", `${localLibrary}/id:{library_id}`, (request, context) => {
      deleteLibrary(context, pathId(request, "library_id"), "LOCAL");
      return done;
    }),
    route("library.subscribed.create", "POST", subscribedLibrary, (request, context) =>
      value(createSubscribedLibrary(context, body(request).create_spec)),
    ),
    route("library.subscribed.list", "GET", subscribedLibrary, (_request, context) =>
      value(listLibraries(context, "SUBSCRIBED")),
    ),
    route("library.subscribed.get", "GET", `${subscribedLibrary}/id:{library_id}`, (request, context) =>
      value(getLibrary(context, pathId(request, "library_id"), "SUBSCRIBED")),
    ),
    route(
      "library.subscribed.delete",
      "DELETE",
      `${subscribedLibrary}/id:{library_id}`,
      (request, context) => {
        deleteLibrary(context, pathId(request, "library_id"), "SUBSCRIBED");
        return done;
      },
    ),
    route(
      "library.subscribed.sync",
      "POST",
      `${subscribedLibrary}/id:{library_id}?~action=sync`,
      (request, context) => {
        syncLibrary(context, pathId(request, "library_id"));
        return done;
      },
    ),
    route("library.item.create", "POST", item, (request, context) =>
      value(createItem(context, body(request).create_spec)),
    ),
    route("library.item.list", "GET", item, (request, context) =>
      value(listItems(context, readId(parameter(request, "library_id"), "library_id"))),
    ),
    route("library.item.get", "GET", `${item}/id:{library_item_id}`, (request, context) =>
      value(getItem(context, pathId(request, "library_item_id"))),
    ),
    route("library.item.delete", "DELETE", `${item}/id:{library_item_id}`, (request, context) => {
      deleteItem(context, pathId(request, "library_item_id"));
      return done;
    }),
    route("library.item.file.list", "GET", `${item}/file`, (request, context) =>
      value(listItemFiles(context, readId(parameter(request, "library_item_id"), "library_item_id"))),
    ),

    // create: the canonical form already carries everything in the body, so only a body-action form exists.
    ...withActionForms(
      "updateSession.create",
      { method: "POST", template: updateSession },
      "create",
      (request, context) => {
        const spec = restSpec(context, request, "create_spec");
        return value(createUpdateSession(context, spec, body(request).client_token));
      },
      { idAction: false },
    ),
    ...withActionForms(
      "updateSession.get",
      { method: "GET", template: byId },
      "get",
      (request, context) => value(getUpdateSession(context, sessionId(request))),
      { idAction: true },
    ),
    // list's id form names the library item (DOC-60-LIST), so it is declared by hand.
    route("updateSession.list", "GET", updateSession, listSessions),
    actionFormRoute(
      "updateSession.list",
      "idAction",
      `${updateSession}/id:{library_item_id}?~action=list`,
      listSessions,
    ),
    actionFormRoute("updateSession.list", "bodyAction", `${updateSession}?~action=list`, listSessions),
    ...withActionForms(
      "updateSession.update",
      { method: "PATCH", template: byId },
      "update",
      (request, context) => {
        updateUpdateSession(context, sessionId(request), restSpec(context, request, "update_spec"));
        return done;
      },
      { idAction: true },
    ),
    ...withActionForms(
      "updateSession.delete",
      { method: "DELETE", template: byId },
      "delete",
      (request, context) => {
        deleteUpdateSession(context, sessionId(request));
        return done;
      },
      { idAction: true },
    ),
    ...withActionForms(
      "updateSession.complete",
      { method: "POST", template: `${byId}?~action=complete` },
      "complete",
      (request, context) => {
        completeUpdateSession(context, sessionId(request));
        return done;
      },
      { idAction: false },
    ),
    ...withActionForms(
      "updateSession.cancel",
      { method: "POST", template: `${byId}?~action=cancel` },
      "cancel",
      (request, context) => {
        cancelUpdateSession(context, sessionId(request));
        return done;
      },
      { idAction: false },
    ),
    ...withActionForms(
      "updateSession.fail",
      { method: "POST", template: `${byId}?~action=fail` },
      "fail",
      (request, context) => {
        failUpdateSession(context, sessionId(request), parameter(request, "client_error_message"));
        return done;
      },
      { idAction: false },
    ),
    ...withActionForms(
      "updateSession.keepAlive",
      { method: "POST", template: `${byId}?~action=keep-alive` },
      "keep-alive",
      (request, context) => {
        keepAliveUpdateSession(context, sessionId(request), body(request).client_progress);
        return done;
      },
      { idAction: false },
    ),

    ...withActionForms(
      "updateSession.file.list",
      { method: "GET", template: sessionFile },
      "list",
      (request, context) => value(listFiles(context, sessionId(request))),
      { idAction: true },
    ),
    ...withActionForms(
      "updateSession.file.add",
      { method: "POST", template: `${fileById}?~action=add` },
      "add",
      (request, context) =>
        value(addFile(context, sessionId(request), restSpec(context, request, "file_spec"))),
      { idAction: false },
    ),
    ...withActionForms(
      "updateSession.file.get",
      { method: "POST", template: `${fileById}?~action=get` },
      "get",
      (request, context) => value(getFile(context, sessionId(request), parameter(request, "file_name"))),
      { idAction: false },
    ),
    ...withActionForms(
      "updateSession.file.remove",
      { method: "POST", template: `${fileById}?~action=remove` },
      "remove",
      (request, context) => {
        removeFile(context, sessionId(request), parameter(request, "file_name"));
        return done;
      },
      { idAction: false },
    ),
    ...withActionForms(
      "updateSession.file.validate",
      { method: "POST", template: `${fileById}?~action=validate` },
      "validate",
      (request, context) => value(validateFiles(context, sessionId(request))),
      { idAction: false },
    ),
  ],
};
