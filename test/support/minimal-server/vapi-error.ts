// The standard vAPI errors this server answers, with their HTTP status from the default vAPI map of the fact
// sheet (section 3.1) and the one per-operation override it documents (resource_busy on create, section 3.3).

export type ErrorName =
  | "invalid_argument"
  | "invalid_element_type"
  | "invalid_request"
  | "not_allowed_in_current_state"
  | "not_found"
  | "operation_not_found"
  | "resource_busy"
  | "unauthenticated"
  | "unauthorized";

const defaultStatus: Record<ErrorName, number> = {
  invalid_argument: 400,
  invalid_element_type: 400,
  invalid_request: 400,
  not_allowed_in_current_state: 400,
  not_found: 404,
  operation_not_found: 404,
  resource_busy: 400,
  unauthenticated: 401,
  unauthorized: 403,
};

/** An operation's documented refusal; the dialect decides its wire form. */
export class VapiError extends Error {
  constructor(
    readonly type: ErrorName,
    message: string,
    /** Status when it differs per dialect (resource_busy from create: 500 in api, 400 in rest). */
    readonly statusByDialect?: { rest: number; api: number },
  ) {
    super(message);
  }

  status(dialect: "rest" | "api"): number {
    return this.statusByDialect?.[dialect] ?? defaultStatus[this.type];
  }

  /** The error structure: rest wraps it under a type, api is bare with error_type (fact sheet 3.2). */
  body(dialect: "rest" | "api"): unknown {
    const messages = [
      { id: `com.vmware.vapi.std.errors.${this.type}`, default_message: this.message, args: [] },
    ];
    if (dialect === "rest") {
      return { type: `com.vmware.vapi.std.errors.${this.type}`, value: { messages } };
    }
    return {
      error_type: this.type.toUpperCase(),
      messages,
      ...(this.type === "unauthenticated" ? { challenge: 'Basic realm="minimal"' } : {}),
    };
  }
}

export const fail = (type: ErrorName, message: string): never => {
  throw new VapiError(type, message);
};
