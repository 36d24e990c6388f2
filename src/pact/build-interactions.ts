/**
 * One dialect's pact interactions from the table: the request is the wire form `buildWireRequest` gives the
 * row's call (examples of injected ids turned into provider-state expressions), the status and body come
 * from the dialect's documented responses for the operation.
 */
import type { OpenAPIV3_1 } from "openapi-types";
import {
  findOperation,
  openapiDocument,
  operationsOf,
  type Dialect,
  type OperationDescription,
} from "../../spec/index.ts";
import { requestFormLevel } from "../checks/request-forms.ts";
import { sessionHeader } from "../client/api-client.ts";
import { buildWireRequest } from "../dialects/wire-request.ts";
import { interactionTable, levelOf, type InteractionSpec } from "./interactions.ts";
import { fromProviderState, statusIn, type PactMatcher } from "./matchers.ts";
import { injectedExamples, stateName, stateParams, type InjectedName } from "./provider-states.ts";
import { templateOf } from "./schema-template.ts";

export interface PactRequest {
  method: string;
  /** The path, or a provider-state expression over it when it carries an id. */
  path: string | PactMatcher;
  query: Record<string, string | PactMatcher>;
  headers: Record<string, string | PactMatcher>;
  /** JSON body template, or undefined for none. */
  body: unknown;
}

export interface PactResponse {
  status: number | PactMatcher;
  /** JSON body template, or undefined where the documents give an empty body. */
  body: unknown;
}

export interface DialectInteraction {
  row: InteractionSpec;
  dialect: Dialect;
  /** The operation actually sent: the row's, or one of its alternative wire forms. */
  operation: OperationDescription;
  description: string;
  providerState: { name: string; params: Record<string, string> };
  request: PactRequest;
  response: PactResponse;
  /**
   * Behaviour the documents do not require (a SHOULD or MAY row, or a request form they make optional):
   * reported by the verifier, never failing it, as `usc run` only warns or skips over it.
   */
  pending: boolean;
  /** The status the consumer side is served. */
  exampleStatus: number;
}

const injectedNames = Object.keys(injectedExamples) as InjectedName[];

function injectedNameOf(value: string): InjectedName | undefined {
  return injectedNames.find((name) => injectedExamples[name] === value);
}

/** A string carrying injected examples becomes an expression over them (`/x/${sessionId}`). */
function inject(value: string): string | PactMatcher {
  let expression = value;
  for (const name of injectedNames) {
    expression = expression.split(encodeURIComponent(injectedExamples[name])).join(`\${${name}}`);
  }
  return expression === value ? value : fromProviderState(expression, value);
}

function injectBody(body: unknown): unknown {
  if (typeof body === "string") {
    const name = injectedNameOf(body);
    return name === undefined ? body : fromProviderState(`\${${name}}`, body);
  }
  if (Array.isArray(body)) return body.map(injectBody);
  if (typeof body === "object" && body !== null) {
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, injectBody(value)]));
  }
  return body;
}

function requestOf(dialect: Dialect, operationId: string, row: InteractionSpec): PactRequest {
  const wire = buildWireRequest(dialect, operationId, row.call);
  const [path = "", search = ""] = wire.pathAndQuery.split("?", 2);
  const query: Record<string, string | PactMatcher> = {};
  for (const part of search === "" ? [] : search.split("&")) {
    const [name = "", value = ""] = part.split("=", 2).map((text) => decodeURIComponent(text));
    query[name] = inject(value);
  }
  const headers: Record<string, string | PactMatcher> = { Accept: "application/json" };
  if (row.authenticated) {
    headers[sessionHeader] = fromProviderState("${sessionToken}", injectedExamples.sessionToken);
  }
  return { method: wire.method, path: inject(path), query, headers, body: injectBody(wire.body) };
}

function referencedSchemaNames(schema: unknown): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const record = schema as { $ref?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };
  const own = typeof record.$ref === "string" ? [record.$ref.replace("#/components/schemas/", "")] : [];
  return [...own, ...[...(record.anyOf ?? []), ...(record.oneOf ?? [])].flatMap(referencedSchemaNames)];
}

/** The component schema of an error type (`not_found` -> `Error.NotFound`), by its `x-usc-error-type`. */
function errorSchemaName(dialect: Dialect, errorType: string): string {
  const schemas = openapiDocument(dialect).components?.schemas ?? {};
  const wanted = errorType.toUpperCase();
  const found = Object.entries(schemas).find(
    ([name, schema]) =>
      name.startsWith("Error.") && (schema as Record<string, unknown>)["x-usc-error-type"] === wanted,
  );
  if (found === undefined) throw new Error(`${dialect}: no error schema for ${errorType}`);
  return found[0];
}

function responseOf(
  dialect: Dialect,
  operation: OperationDescription,
  row: InteractionSpec,
): { response: PactResponse; exampleStatus: number } {
  const documented = [...operation.responses.values()];
  const name = (where: string) => `${dialect} ${operation.operationId} (${row.key}): ${where}`;
  if (row.outcome.kind === "success") {
    const successes = documented.filter((r) => r.status >= 200 && r.status < 300);
    const [only] = successes;
    if (only === undefined || successes.length > 1)
      throw new Error(name(`expected one documented success status, found ${successes.length}`));
    const body = only.schema === undefined ? undefined : templateOf(dialect, only.schema);
    return { response: { status: only.status, body }, exampleStatus: only.status };
  }
  const schemaName = errorSchemaName(dialect, row.outcome.errorType);
  const statuses = documented
    .filter((r) => referencedSchemaNames(r.schema).includes(schemaName))
    .map((r) => r.status);
  const [first] = statuses;
  if (first === undefined) throw new Error(name(`the documents give no status for ${row.outcome.errorType}`));
  const schema: OpenAPIV3_1.ReferenceObject = { $ref: `#/components/schemas/${schemaName}` };
  return {
    response: {
      status: statuses.length === 1 ? first : statusIn(statuses),
      body: templateOf(dialect, schema),
    },
    exampleStatus: first,
  };
}

/** The dialect's wire forms of an operation: itself, then its alternative forms in document order. */
function formsOf(dialect: Dialect, operationId: string, withAlternatives: boolean): OperationDescription[] {
  const canonical = findOperation(dialect, operationId);
  if (canonical === undefined) throw new Error(`${dialect}: no operation ${operationId}`);
  if (!withAlternatives) return [canonical];
  const alternatives = [...operationsOf(dialect).values()].filter((op) => op.formOf === operationId);
  return [canonical, ...alternatives];
}

/** How a description names an alternative form: its method, path shape and action, as the wire shows it. */
function formSuffix(operation: OperationDescription): string {
  if (operation.formOf === undefined) return "";
  const action = operation.fixedQuery["~action"] ?? operation.fixedQuery["action"] ?? "";
  const where =
    operation.pathParameterNames.length > 0 ? "the id in the path" : "every parameter in the body";
  return ` [2014 form: ${operation.method} ?~action=${action}, ${where}]`;
}

export function dialectInteractions(dialect: Dialect): DialectInteraction[] {
  return interactionTable().flatMap((row) =>
    formsOf(dialect, row.operationId, row.forms === true).map((operation): DialectInteraction => {
      const { response, exampleStatus } = responseOf(dialect, operation, row);
      return {
        row,
        dialect,
        operation,
        description: `${row.description}${formSuffix(operation)}`,
        providerState: { name: stateName(row.state), params: stateParams(row.state, dialect) },
        request: requestOf(dialect, operation.operationId, row),
        response,
        // The same level `usc run` judges it at: the row's checks, and the schema check's level for the form.
        pending: levelOf(row) !== "MUST" || requestFormLevel(dialect, operation.operationId) !== "MUST",
        exampleStatus,
      };
    }),
  );
}
