import type { OpenAPIV3_1 } from "openapi-types";
import type { Dialect } from "./dialect.ts";
import type { CanonicalOperationId, OperationId } from "./operation-ids.ts";
import { openapiDocument } from "./openapi-documents.ts";

const httpMethods = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
type HttpMethod = (typeof httpMethods)[number];

/** One documented response of an operation. */
export interface DocumentedResponse {
  status: number;
  /** The JSON schema of the body, or undefined when the documents give an empty body (a void result). */
  schema: OpenAPIV3_1.SchemaObject | OpenAPIV3_1.ReferenceObject | undefined;
}

/** Everything the harness and the validators need to know about one operation in one dialect. */
export interface OperationDescription {
  dialect: Dialect;
  operationId: OperationId;
  /** For an alternative wire form (the 2014 action forms), the id of the operation it is a form of. */
  formOf: CanonicalOperationId | undefined;
  method: Uppercase<HttpMethod>;
  /** The path key as written in the document, query part included (`...?~action=complete`). */
  pathKey: string;
  /** The path template without the query part, e.g. `/api/content/library/item/update-session/{update_session_id}`. */
  pathTemplate: string;
  /** Query parameters the path key fixes, e.g. `{ "~action": "complete" }`. */
  fixedQuery: Record<string, string>;
  parameters: OpenAPIV3_1.ParameterObject[];
  requestBodySchema: OpenAPIV3_1.SchemaObject | OpenAPIV3_1.ReferenceObject | undefined;
  requestBodyRequired: boolean;
  responses: Map<number, DocumentedResponse>;
  /** Whether the operation needs a session (any security requirement naming the session scheme). */
  needsSession: boolean;
  pathPattern: RegExp;
  pathParameterNames: string[];
}

function isReference(value: unknown): value is OpenAPIV3_1.ReferenceObject {
  return typeof value === "object" && value !== null && "$ref" in value;
}

function resolveComponent<T>(document: OpenAPIV3_1.Document, value: T | OpenAPIV3_1.ReferenceObject): T {
  if (!isReference(value)) return value;
  const match = /^#\/components\/(\w+)\/(.+)$/.exec(value.$ref);
  const section = match?.[1];
  const name = match?.[2];
  const components = document.components as Record<string, Record<string, unknown> | undefined> | undefined;
  const target = section !== undefined && name !== undefined ? components?.[section]?.[name] : undefined;
  if (target === undefined) throw new Error(`unresolved reference ${value.$ref}`);
  return resolveComponent(document, target as T | OpenAPIV3_1.ReferenceObject);
}

function splitPathKey(pathKey: string): { template: string; fixedQuery: Record<string, string> } {
  const [template = pathKey, query] = pathKey.split("?", 2);
  const fixedQuery: Record<string, string> = {};
  if (query !== undefined) for (const [key, value] of new URLSearchParams(query)) fixedQuery[key] = value;
  return { template, fixedQuery };
}

function compileTemplate(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      names.push(name);
      return "([^/]+)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}$`), names };
}

function describeOperation(
  dialect: Dialect,
  document: OpenAPIV3_1.Document,
  pathKey: string,
  pathItem: OpenAPIV3_1.PathItemObject,
  method: HttpMethod,
  operation: OpenAPIV3_1.OperationObject,
): OperationDescription {
  const operationId = operation.operationId;
  if (operationId === undefined)
    throw new Error(`${dialect}: ${method.toUpperCase()} ${pathKey} has no operationId`);
  const { template, fixedQuery } = splitPathKey(pathKey);
  const { pattern, names } = compileTemplate(template);
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) =>
    resolveComponent<OpenAPIV3_1.ParameterObject>(document, parameter),
  );
  const requestBody =
    operation.requestBody === undefined
      ? undefined
      : resolveComponent<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody);
  const responses = new Map<number, DocumentedResponse>();
  for (const [statusText, rawResponse] of Object.entries(operation.responses ?? {})) {
    const status = Number(statusText);
    if (!Number.isInteger(status)) {
      throw new Error(`${dialect} ${operationId}: response key '${statusText}' is not a status code`);
    }
    const response = resolveComponent<OpenAPIV3_1.ResponseObject>(document, rawResponse);
    responses.set(status, { status, schema: response.content?.["application/json"]?.schema });
  }
  const security = operation.security ?? document.security ?? [];
  const formOf = (operation as Record<string, unknown>)["x-usc-form-of"];
  // The documents' own names: spec/generated/operation-ids.ts lists them (kept fresh by its test).
  return {
    dialect,
    operationId: operationId as OperationId,
    formOf: typeof formOf === "string" ? (formOf as CanonicalOperationId) : undefined,
    method: method.toUpperCase() as Uppercase<HttpMethod>,
    pathKey,
    pathTemplate: template,
    fixedQuery,
    parameters,
    requestBodySchema: requestBody?.content["application/json"]?.schema,
    requestBodyRequired: requestBody?.required === true,
    responses,
    needsSession: security.some((requirement) => "session_id" in requirement),
    pathPattern: pattern,
    pathParameterNames: names,
  };
}

const indexes = new Map<Dialect, Map<string, OperationDescription>>();

/** Every operation of a dialect by operation id, built once per process from the OpenAPI document. */
export function operationsOf(dialect: Dialect): ReadonlyMap<string, OperationDescription> {
  let index = indexes.get(dialect);
  if (index === undefined) {
    index = new Map();
    const document = openapiDocument(dialect);
    for (const [pathKey, pathItem] of Object.entries(document.paths ?? {})) {
      if (pathItem === undefined) continue;
      for (const method of httpMethods) {
        const operation = pathItem[method];
        if (operation === undefined) continue;
        const description = describeOperation(dialect, document, pathKey, pathItem, method, operation);
        if (index.has(description.operationId)) {
          throw new Error(`${dialect}: operationId ${description.operationId} is used twice`);
        }
        index.set(description.operationId, description);
      }
    }
    indexes.set(dialect, index);
  }
  return index;
}

export function findOperation(dialect: Dialect, operationId: string): OperationDescription | undefined {
  return operationsOf(dialect).get(operationId);
}

export interface OperationMatch {
  operation: OperationDescription;
  pathParameters: Record<string, string>;
}

/** The action selector a URL carries in this dialect's spelling, if any. */
function actionOf(query: URLSearchParams): string | undefined {
  return query.get("~action") ?? query.get("action") ?? undefined;
}

/**
 * Finds the operation a request addresses: same method, path template matches, and the action query
 * (`~action=` / `action=`) is exactly the one the path key fixes (none when it fixes none).
 */
export function matchOperation(
  dialect: Dialect,
  method: string,
  pathAndQuery: string,
): OperationMatch | undefined {
  const url = new URL(pathAndQuery, "http://placeholder.invalid");
  const action = actionOf(url.searchParams);
  const upperMethod = method.toUpperCase();
  let best: { match: OperationMatch; literal: number } | undefined;
  for (const operation of operationsOf(dialect).values()) {
    if (operation.method !== upperMethod) continue;
    const fixedAction = operation.fixedQuery["~action"] ?? operation.fixedQuery["action"];
    if (fixedAction !== action) continue;
    const match = operation.pathPattern.exec(url.pathname);
    if (match === null) continue;
    // Several templates can match one path (`/item/{library_item_id}` matches `/item/update-session`):
    // the one with the most literal text is the operation meant.
    const literal = operation.pathTemplate.replace(/\{[^}]+\}/g, "").length;
    if (best !== undefined && best.literal >= literal) continue;
    const pathParameters: Record<string, string> = {};
    operation.pathParameterNames.forEach((name, i) => {
      pathParameters[name] = decodeURIComponent(match[i + 1] ?? "");
    });
    best = { match: { operation, pathParameters }, literal };
  }
  return best?.match;
}
