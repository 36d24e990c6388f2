import { login, logout } from "../operations/auth.ts";
import type { OperationContext } from "../operations/context.ts";
import { readId, readObject, readOptionalString } from "../operations/decode.ts";
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
import { callerSession, route, type Dialect, type WireReply, type WireRequest } from "./route.ts";

/**
 * The `api` dialect (vSphere 7.0U2+): `/api/...`, plain `{id}` path segments, `?action=`, bare bodies and
 * results, 201 for create/add/login and 204 for void results; client tokens travel in the query.
 */

const updateSession = "/api/content/library/item/update-session";
const byId = `${updateSession}/{update_session_id}`;
const files = `${byId}/file`;
const item = "/api/content/library/item";

function ok(result: unknown): WireReply {
  return { status: 200, body: result };
}

function created(result: unknown): WireReply {
  return { status: 201, body: result };
}

const noContent: WireReply = { status: 204 };

/** The bare request body of a create/update/add: required, since the whole body is the spec. */
function spec(request: WireRequest): unknown {
  return readObject(request.body, "request body");
}

function query(request: WireRequest, name: string): string | undefined {
  return request.query.get(name) ?? undefined;
}

function path(request: WireRequest, name: string): string {
  return readId(request.pathParameters[name], name);
}

/** A body member of the small operations (fail, keep-alive) whose body is an object of parameters. */
function member(request: WireRequest, name: string): unknown {
  return request.body === undefined ? undefined : readObject(request.body, "request body")[name];
}

/** Login in this dialect: HTTP Basic credentials for a new session token, as in rest. */
export const apiLogin = overridable(
  "api.login",
  (context: OperationContext, authorization: string | undefined): string =>
    login(context.store, authorization),
);

/** The spec of a create, update or file add: the bare body, which is the whole spec. */
export const apiSpec = overridable(
  "api.spec",
  (_context: OperationContext, _operationId: string, request: WireRequest): unknown => spec(request),
);

export const apiDialect: Dialect = {
  name: "api",
  prefix: "/api/",
  actionParameter: "action",
  errorBody: (kind, messages) => ({
    error_type: errorTypeOf(kind),
    messages,
    ...(kind === "unauthenticated" ? { challenge: loginChallenge } : {}),
  }),
  routes: [
    route(
      "session.login",
      "POST",
      "/api/session",
      (request, context) => created(apiLogin(context, request.headers.authorization)),
      {
        needsSession: false,
      },
    ),
    route("session.get", "GET", "/api/session", (request) => ok(apiSessionView(callerSession(request)))),
    route("session.logout", "DELETE", "/api/session", (request, context) => {
      logout(context, callerSession(request));
      return noContent;
    }),

    route("datastore.list", "GET", "/api/vcenter/datastore", (request, context) =>
      ok(
        listDatastores(context, {
          ids: request.query.getAll("datastores"),
          names: request.query.getAll("names"),
          types: request.query.getAll("types"),
        }),
      ),
    ),
    route("library.local.create", "POST", "/api/content/local-library", (request, context) =>
      created(createLocalLibrary(context, spec(request))),
    ),
    route("library.local.list", "GET", "/api/content/local-library", (_request, context) =>
      ok(listLibraries(context, "LOCAL")),
    ),
    route("library.local.get", "GET", "/api/content/local-library/{library_id}", (request, context) =>
      ok(getLibrary(context, path(request, "library_id"), "LOCAL")),
    ),
    route("library.local.delete", "DELETE", "/api/content/local-library/{library_id}", (request, context) => {
      deleteLibrary(context, path(request, "library_id"), "LOCAL");
      return noContent;
    }),
    route("library.subscribed.create", "POST", "/api/content/subscribed-library", (request, context) =>
      created(createSubscribedLibrary(context, spec(request))),
    ),
    route("library.subscribed.list", "GET", "/api/content/subscribed-library", (_request, context) =>
      ok(listLibraries(context, "SUBSCRIBED")),
    ),
    route(
      "library.subscribed.get",
      "GET",
      "/api/content/subscribed-library/{library_id}",
      (request, context) => ok(getLibrary(context, path(request, "library_id"), "SUBSCRIBED")),
    ),
    route(
      "library.subscribed.delete",
      "DELETE",
      "/api/content/subscribed-library/{library_id}",
      (request, context) => {
        deleteLibrary(context, path(request, "library_id"), "SUBSCRIBED");
        return noContent;
      },
    ),
    route(
      "library.subscribed.sync",
      "POST",
      "/api/content/subscribed-library/{library_id}?action=sync",
      (request, context) => {
        syncLibrary(context, path(request, "library_id"));
        return noContent;
      },
      { errorStatus: { resource_inaccessible: 500 } },
    ),
    route("library.item.create", "POST", item, (request, context) =>
      created(createItem(context, spec(request))),
    ),
    route("library.item.list", "GET", item, (request, context) =>
      ok(listItems(context, readId(query(request, "library_id"), "library_id"))),
    ),
    route("library.item.get", "GET", `${item}/{library_item_id}`, (request, context) =>
      ok(getItem(context, path(request, "library_item_id"))),
    ),
    route("library.item.delete", "DELETE", `${item}/{library_item_id}`, (request, context) => {
      deleteItem(context, path(request, "library_item_id"));
      return noContent;
    }),
    route("library.item.file.list", "GET", `${item}/{library_item_id}/file`, (request, context) =>
      ok(listItemFiles(context, path(request, "library_item_id"))),
    ),

    // resource_busy on create is documented as 500 in this dialect (SPEC-702, GOSDK-US, NET-SDK).
    route(
      "updateSession.create",
      "POST",
      updateSession,
      (request, context) =>
        created(
          createUpdateSession(
            context,
            apiSpec(context, "updateSession.create", request),
            query(request, "client_token"),
          ),
        ),
      { errorStatus: { resource_busy: 500 } },
    ),
    route("updateSession.list", "GET", updateSession, (request, context) =>
      ok(
        listUpdateSessions(context, readOptionalString(query(request, "library_item_id"), "library_item_id")),
      ),
    ),
    route("updateSession.get", "GET", byId, (request, context) =>
      ok(getUpdateSession(context, path(request, "update_session_id"))),
    ),
    route("updateSession.update", "PATCH", byId, (request, context) => {
      updateUpdateSession(
        context,
        path(request, "update_session_id"),
        apiSpec(context, "updateSession.update", request),
      );
      return noContent;
    }),
    route("updateSession.delete", "DELETE", byId, (request, context) => {
      deleteUpdateSession(context, path(request, "update_session_id"));
      return noContent;
    }),
    route("updateSession.complete", "POST", `${byId}?action=complete`, (request, context) => {
      completeUpdateSession(context, path(request, "update_session_id"));
      return noContent;
    }),
    route("updateSession.cancel", "POST", `${byId}?action=cancel`, (request, context) => {
      cancelUpdateSession(context, path(request, "update_session_id"));
      return noContent;
    }),
    route("updateSession.fail", "POST", `${byId}?action=fail`, (request, context) => {
      failUpdateSession(context, path(request, "update_session_id"), member(request, "client_error_message"));
      return noContent;
    }),
    route("updateSession.keepAlive", "POST", `${byId}?action=keep-alive`, (request, context) => {
      keepAliveUpdateSession(context, path(request, "update_session_id"), member(request, "client_progress"));
      return noContent;
    }),

    route("updateSession.file.list", "GET", files, (request, context) =>
      ok(listFiles(context, path(request, "update_session_id"))),
    ),
    route("updateSession.file.add", "POST", files, (request, context) =>
      created(
        addFile(
          context,
          path(request, "update_session_id"),
          apiSpec(context, "updateSession.file.add", request),
        ),
      ),
    ),
    route("updateSession.file.get", "GET", `${files}/{file_name}`, (request, context) =>
      ok(getFile(context, path(request, "update_session_id"), path(request, "file_name"))),
    ),
    route("updateSession.file.remove", "DELETE", `${files}/{file_name}`, (request, context) => {
      removeFile(context, path(request, "update_session_id"), path(request, "file_name"));
      return noContent;
    }),
    route("updateSession.file.validate", "POST", `${files}?action=validate`, (request, context) =>
      ok(validateFiles(context, path(request, "update_session_id"))),
    ),
  ],
};
