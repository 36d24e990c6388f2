// One table of every operation in both dialects. A route names its wire form and turns the request's
// arguments into a call on the store; the dialect decides wrapping and status codes (server.ts).
//
// rest arguments are read by name from the path, then the body, then the query string, so the documented
// 2014 forms (POST .../id:{id}?~action=<op>, POST <collection>?~action=<op> with every parameter in the
// body, and the query form) need no code of their own: they are just more paths for the same route.
import type { Store, User } from "./store.ts";

export type Dialect = "rest" | "api";
/** created: api 201; value: 200; void: api 204 and rest 200 with an empty body. */
export type ResultKind = "created" | "value" | "void";

export interface Call {
  store: Store;
  user: User;
  baseUrl: string;
  /** A named argument (rest: path, body member, query; api: path, query). */
  arg(name: string): unknown;
  /** The request body as sent (api: the bare model). */
  body: unknown;
}

export interface Route {
  dialect: Dialect;
  method: string;
  pattern: RegExp;
  params: string[];
  action: string | undefined;
  kind: ResultKind;
  /** One of the 2014 action forms (optional, E23), not the canonical form. */
  legacy: boolean;
  run(call: Call): unknown;
}

type Handler = Pick<Route, "kind" | "run">;

function compile(
  dialect: Dialect,
  method: string,
  template: string,
  handler: Handler,
  legacy = false,
): Route {
  const [path = "", query] = template.split("?");
  const params: string[] = [];
  const source = path.replace(/[.]/g, "\\.").replace(/\{(\w+)\}/g, (_, name: string) => {
    params.push(name);
    return "([^/]+)";
  });
  const action = query?.replace(/^~?action=/, "");
  return { dialect, method, pattern: new RegExp(`^${source}$`), params, action, legacy, ...handler };
}

const value = (run: Handler["run"]): Handler => ({ kind: "value", run });
const created = (run: Handler["run"]): Handler => ({ kind: "created", run });
const none = (run: (call: Call) => unknown): Handler => ({
  kind: "void",
  run: async (call) => {
    await run(call);
    return undefined;
  },
});
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const member = (body: unknown, name: string): unknown =>
  typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;

// ---------------------------------------------------------------- operations, dialect-neutral

const sessionId = (c: Call) => str(c.arg("update_session_id"));
const ops = {
  createSession: (spec: (c: Call) => unknown) =>
    created((c) => c.store.createSession(c.user, spec(c), c.arg("client_token") ?? undefined)),
  get: value((c) => c.store.getSession(sessionId(c))),
  list: value((c) => c.store.listSessions(c.user, c.arg("library_item_id") ?? undefined)),
  update: (spec: (c: Call) => unknown) => none((c) => c.store.updateSession(sessionId(c), spec(c))),
  delete: none((c) => c.store.deleteSession(sessionId(c))),
  complete: none((c) => c.store.complete(sessionId(c))),
  cancel: none((c) => c.store.cancel(sessionId(c))),
  fail: none((c) => c.store.failSession(sessionId(c), c.arg("client_error_message"))),
  keepAlive: none((c) => c.store.keepAlive(sessionId(c), c.arg("client_progress"))),
  fileAdd: (spec: (c: Call) => unknown) =>
    created((c) => c.store.addFile(c.user, sessionId(c), spec(c), c.baseUrl)),
  fileGet: value((c) => c.store.getFile(sessionId(c), c.arg("file_name"), c.baseUrl)),
  fileList: value((c) => c.store.listFiles(sessionId(c), c.baseUrl)),
  fileRemove: none((c) => c.store.removeFile(sessionId(c), c.arg("file_name"))),
  validate: value((c) => c.store.validate(sessionId(c))),
};

// ---------------------------------------------------------------- rest (/rest/com/vmware/...)

const R = "/rest/com/vmware/content";
const US = `${R}/library/item/update-session`;
const FILE = `${R}/library/item/updatesession/file`;

/** The canonical form plus the two 2014 action forms of one rest operation (fact sheet 1.2 (a)). */
function restForms(
  canonical: [string, string],
  collection: string,
  op: string,
  idName: string,
  handler: Handler,
) {
  return [
    compile("rest", canonical[0], canonical[1], handler),
    compile("rest", "POST", `${collection}/id:{${idName}}?~action=${op}`, handler, true),
    compile("rest", "POST", `${collection}?~action=${op}`, handler, true),
  ];
}

const restRoutes: Route[] = [
  ...restForms(
    ["POST", US],
    US,
    "create",
    "unused",
    ops.createSession((c) => c.arg("create_spec")),
  ),
  ...restForms(["GET", `${US}/id:{update_session_id}`], US, "get", "update_session_id", ops.get),
  ...restForms(["GET", US], US, "list", "library_item_id", ops.list),
  ...restForms(
    ["PATCH", `${US}/id:{update_session_id}`],
    US,
    "update",
    "update_session_id",
    ops.update((c) => c.arg("update_spec")),
  ),
  ...restForms(["DELETE", `${US}/id:{update_session_id}`], US, "delete", "update_session_id", ops.delete),
  ...(["complete", "cancel", "fail", "keep-alive"] as const).flatMap((op) => {
    const handler = {
      complete: ops.complete,
      cancel: ops.cancel,
      fail: ops.fail,
      "keep-alive": ops.keepAlive,
    }[op];
    return restForms(
      ["POST", `${US}/id:{update_session_id}?~action=${op}`],
      US,
      op,
      "update_session_id",
      handler,
    );
  }),
  ...restForms(
    ["POST", `${FILE}/id:{update_session_id}?~action=add`],
    FILE,
    "add",
    "update_session_id",
    ops.fileAdd((c) => c.arg("file_spec")),
  ),
  ...restForms(
    ["POST", `${FILE}/id:{update_session_id}?~action=get`],
    FILE,
    "get",
    "update_session_id",
    ops.fileGet,
  ),
  ...restForms(["GET", FILE], FILE, "list", "update_session_id", ops.fileList),
  ...restForms(
    ["POST", `${FILE}/id:{update_session_id}?~action=remove`],
    FILE,
    "remove",
    "update_session_id",
    ops.fileRemove,
  ),
  ...restForms(
    ["POST", `${FILE}/id:{update_session_id}?~action=validate`],
    FILE,
    "validate",
    "update_session_id",
    ops.validate,
  ),
  // provisioning: datastores, libraries, items
  compile(
    "rest",
    "GET",
    "/rest/vcenter/datastore",
    value((c) => c.store.datastores()),
  ),
  compile(
    "rest",
    "POST",
    `${R}/local-library`,
    created((c) => c.store.createLibrary("LOCAL", c.arg("create_spec"), c.baseUrl)),
  ),
  compile(
    "rest",
    "GET",
    `${R}/local-library/id:{library_id}`,
    value((c) => c.store.getLibrary("LOCAL", str(c.arg("library_id")))),
  ),
  compile(
    "rest",
    "DELETE",
    `${R}/local-library/id:{library_id}`,
    none((c) => c.store.deleteLibrary("LOCAL", str(c.arg("library_id")))),
  ),
  compile(
    "rest",
    "POST",
    `${R}/subscribed-library`,
    created((c) => c.store.createLibrary("SUBSCRIBED", c.arg("create_spec"), c.baseUrl)),
  ),
  compile(
    "rest",
    "GET",
    `${R}/subscribed-library/id:{library_id}`,
    value((c) => c.store.getLibrary("SUBSCRIBED", str(c.arg("library_id")))),
  ),
  compile(
    "rest",
    "DELETE",
    `${R}/subscribed-library/id:{library_id}`,
    none((c) => c.store.deleteLibrary("SUBSCRIBED", str(c.arg("library_id")))),
  ),
  compile(
    "rest",
    "POST",
    `${R}/subscribed-library/id:{library_id}?~action=sync`,
    none((c) => c.store.syncLibrary(str(c.arg("library_id")))),
  ),
  compile(
    "rest",
    "POST",
    `${R}/library/item`,
    created((c) => c.store.createItem(c.arg("create_spec"))),
  ),
  compile(
    "rest",
    "GET",
    `${R}/library/item`,
    value((c) => c.store.listItems(str(c.arg("library_id")))),
  ),
  compile(
    "rest",
    "GET",
    `${R}/library/item/id:{library_item_id}`,
    value((c) => c.store.getItem(str(c.arg("library_item_id")))),
  ),
  compile(
    "rest",
    "DELETE",
    `${R}/library/item/id:{library_item_id}`,
    none((c) => c.store.deleteItem(str(c.arg("library_item_id")))),
  ),
  compile(
    "rest",
    "GET",
    `${R}/library/item/file`,
    value((c) => c.store.itemFiles(str(c.arg("library_item_id")))),
  ),
];

// ---------------------------------------------------------------- api (/api/...)

const A = "/api/content";
const AUS = `${A}/library/item/update-session`;
const bare = (c: Call) => c.body;

const apiRoutes: Route[] = [
  compile("api", "POST", AUS, ops.createSession(bare)),
  compile("api", "GET", AUS, ops.list),
  compile("api", "GET", `${AUS}/{update_session_id}`, ops.get),
  compile("api", "PATCH", `${AUS}/{update_session_id}`, ops.update(bare)),
  compile("api", "DELETE", `${AUS}/{update_session_id}`, ops.delete),
  compile("api", "POST", `${AUS}/{update_session_id}?action=complete`, ops.complete),
  compile("api", "POST", `${AUS}/{update_session_id}?action=cancel`, ops.cancel),
  compile(
    "api",
    "POST",
    `${AUS}/{update_session_id}?action=fail`,
    none((c) => c.store.failSession(sessionId(c), member(c.body, "client_error_message"))),
  ),
  compile(
    "api",
    "POST",
    `${AUS}/{update_session_id}?action=keep-alive`,
    none((c) => c.store.keepAlive(sessionId(c), member(c.body, "client_progress"))),
  ),
  compile("api", "POST", `${AUS}/{update_session_id}/file`, ops.fileAdd(bare)),
  compile("api", "GET", `${AUS}/{update_session_id}/file`, ops.fileList),
  compile("api", "GET", `${AUS}/{update_session_id}/file/{file_name}`, ops.fileGet),
  compile("api", "DELETE", `${AUS}/{update_session_id}/file/{file_name}`, ops.fileRemove),
  compile("api", "POST", `${AUS}/{update_session_id}/file?action=validate`, ops.validate),
  compile(
    "api",
    "GET",
    "/api/vcenter/datastore",
    value((c) => c.store.datastores()),
  ),
  compile(
    "api",
    "POST",
    `${A}/local-library`,
    created((c) => c.store.createLibrary("LOCAL", c.body, c.baseUrl)),
  ),
  compile(
    "api",
    "GET",
    `${A}/local-library/{library_id}`,
    value((c) => c.store.getLibrary("LOCAL", str(c.arg("library_id")))),
  ),
  compile(
    "api",
    "DELETE",
    `${A}/local-library/{library_id}`,
    none((c) => c.store.deleteLibrary("LOCAL", str(c.arg("library_id")))),
  ),
  compile(
    "api",
    "POST",
    `${A}/subscribed-library`,
    created((c) => c.store.createLibrary("SUBSCRIBED", c.body, c.baseUrl)),
  ),
  compile(
    "api",
    "GET",
    `${A}/subscribed-library/{library_id}`,
    value((c) => c.store.getLibrary("SUBSCRIBED", str(c.arg("library_id")))),
  ),
  compile(
    "api",
    "DELETE",
    `${A}/subscribed-library/{library_id}`,
    none((c) => c.store.deleteLibrary("SUBSCRIBED", str(c.arg("library_id")))),
  ),
  compile(
    "api",
    "POST",
    `${A}/subscribed-library/{library_id}?action=sync`,
    none((c) => c.store.syncLibrary(str(c.arg("library_id")))),
  ),
  compile(
    "api",
    "POST",
    `${A}/library/item`,
    created((c) => c.store.createItem(c.body)),
  ),
  compile(
    "api",
    "GET",
    `${A}/library/item`,
    value((c) => c.store.listItems(str(c.arg("library_id")))),
  ),
  compile(
    "api",
    "GET",
    `${A}/library/item/{library_item_id}`,
    value((c) => c.store.getItem(str(c.arg("library_item_id")))),
  ),
  compile(
    "api",
    "DELETE",
    `${A}/library/item/{library_item_id}`,
    none((c) => c.store.deleteItem(str(c.arg("library_item_id")))),
  ),
  compile(
    "api",
    "GET",
    `${A}/library/item/{library_item_id}/file`,
    value((c) => c.store.itemFiles(str(c.arg("library_item_id")))),
  ),
];

export const routes: Route[] = [...restRoutes, ...apiRoutes];
