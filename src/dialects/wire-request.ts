import { findOperation, type Dialect, type OperationDescription } from "../../spec/index.ts";

/**
 * A dialect-neutral call: the operation by its spec id, named parameters (ids, filters, tokens) and the
 * unwrapped payload. The dialect decides where each parameter travels (path, query or body) and how the
 * payload is wrapped; scenarios never build URLs.
 */
export interface OperationCall {
  params?: Record<string, string | undefined>;
  /** The payload as the `api` dialect sends it (bare); `rest` wraps it where its documents say so. */
  body?: unknown;
  /**
   * Parameters sent in the query string whatever the operation declares: the 2014 query-string
   * representation of an action form (`?~action=get&update_session_id=...`).
   */
  query?: Record<string, string>;
}

export interface WireRequest {
  operation: OperationDescription;
  method: string;
  /** Path and query, to be appended to the target's base URL. */
  pathAndQuery: string;
  /** The JSON body to send, or undefined for none. */
  body: unknown;
}

/**
 * Members that wrap a `rest` request payload (`{"create_spec": {...}}`); `api` sends the payload bare.
 * Keyed by canonical operation id; alternative forms use their canonical operation's wrapper.
 */
const restPayloadWrapper: Record<string, string> = {
  "updateSession.create": "create_spec",
  "updateSession.update": "update_spec",
  "updateSession.file.add": "file_spec",
  "library.local.create": "create_spec",
  "library.subscribed.create": "create_spec",
  "library.item.create": "create_spec",
};

export class UnknownOperationError extends Error {
  constructor(dialect: Dialect, operationId: string) {
    super(`the ${dialect} dialect has no operation '${operationId}' (see spec/openapi/${dialect}.yaml)`);
  }
}

function payloadOf(dialect: Dialect, operation: OperationDescription, body: unknown): unknown {
  if (body === undefined || dialect === "api") return body;
  const wrapper = restPayloadWrapper[operation.formOf ?? operation.operationId];
  return wrapper === undefined ? body : { [wrapper]: body };
}

/** What every call of an operation shares, worked out once: where each parameter goes, the fixed query. */
interface OperationShape {
  declared: Map<string, string>;
  fixedSearch: string;
}

const shapes = new WeakMap<OperationDescription, OperationShape>();

function shapeOf(operation: OperationDescription): OperationShape {
  let shape = shapes.get(operation);
  if (shape === undefined) {
    shape = {
      declared: new Map(operation.parameters.map((p) => [p.name, p.in])),
      fixedSearch: searchOf(operation.fixedQuery, []),
    };
    shapes.set(operation, shape);
  }
  return shape;
}

/** The query string: the operation's fixed members, then the call's. */
function searchOf(fixed: OperationDescription["fixedQuery"], appended: Array<[string, string]>): string {
  const query = new URLSearchParams(fixed);
  for (const [name, value] of appended) query.append(name, value);
  // `~` is legal in a query name; URLSearchParams would escape it to %7E, which vAPI does not decode.
  return query.toString().replace(/%7E/g, "~");
}

/**
 * Builds the wire form of a call: each parameter goes where the dialect's operation declares it (path or
 * query) and otherwise into the body, which is how `rest` carries `client_token` and `file_name` and how
 * the 2014 body-carrying action forms carry every id.
 */
export function buildWireRequest(
  dialect: Dialect,
  operationId: string,
  call: OperationCall = {},
): WireRequest {
  const operation = findOperation(dialect, operationId);
  if (operation === undefined) throw new UnknownOperationError(dialect, operationId);
  const { declared, fixedSearch } = shapeOf(operation);
  let path = operation.pathTemplate;
  const appended: Array<[string, string]> = [];
  const bodyMembers: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.params ?? {})) {
    if (value === undefined) continue;
    const where = declared.get(name);
    if (where === "path") path = path.replace(`{${name}}`, encodeURIComponent(value));
    else if (where === "query") appended.push([name, value]);
    else bodyMembers[name] = value;
  }
  for (const [name, value] of Object.entries(call.query ?? {})) appended.push([name, value]);
  const missing = /\{([^}]+)\}/.exec(path);
  if (missing !== null)
    throw new Error(`${dialect} ${operationId}: no value for path parameter '${missing[1]}'`);
  const payload = payloadOf(dialect, operation, call.body);
  let body: unknown = payload;
  if (Object.keys(bodyMembers).length > 0) {
    const base = typeof payload === "object" && payload !== null && !Array.isArray(payload) ? payload : {};
    body = { ...base, ...bodyMembers };
  }
  const search = appended.length === 0 ? fixedSearch : searchOf(operation.fixedQuery, appended);
  return {
    operation,
    method: operation.method,
    pathAndQuery: search === "" ? path : `${path}?${search}`,
    body,
  };
}
