import type { Dialect, OperationDescription } from "../../spec/index.ts";

/** A response read through the dialect: whether it is the documented success, its value, its error type. */
export interface DecodedResponse {
  /** The status is one of the operation's documented success statuses (2xx). */
  success: boolean;
  /** The result with the dialect's wrapping removed (`rest` `{"value": x}` -> x); undefined for void or unparsable. */
  value: unknown;
  /** The error type in `snake_case` as the vAPI names it (`not_found`), when the body names one. */
  errorType: string | undefined;
  /** The body parsed as JSON, or undefined when empty or not JSON. */
  json: unknown;
}

const restErrorPrefix = "com.vmware.vapi.std.errors.";

export function parse(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The error type an error body names (`not_found`) in the dialect's shape, if it names one. */
export function errorTypeOf(dialect: Dialect, json: unknown): string | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const body = json as Record<string, unknown>;
  if (dialect === "rest") {
    const type = body["type"];
    if (typeof type === "string" && type.startsWith(restErrorPrefix))
      return type.slice(restErrorPrefix.length);
    const nested = (body["value"] as Record<string, unknown> | undefined)?.["error_type"];
    return typeof nested === "string" ? nested.toLowerCase() : undefined;
  }
  const type = body["error_type"];
  return typeof type === "string" ? type.toLowerCase() : undefined;
}

export function decodeResponse(
  dialect: Dialect,
  operation: OperationDescription,
  status: number,
  bodyText: string,
): DecodedResponse {
  const json = parse(bodyText);
  const documented = operation.responses.get(status);
  const success = status >= 200 && status < 300 && documented !== undefined;
  if (!success) return { success, value: undefined, errorType: errorTypeOf(dialect, json), json };
  const value =
    dialect === "rest" && typeof json === "object" && json !== null && "value" in json
      ? json.value
      : dialect === "rest"
        ? undefined
        : json;
  return { success, value, errorType: undefined, json };
}
