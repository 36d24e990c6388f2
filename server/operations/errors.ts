import type { LocalizableMessage, LocalizationParam } from "../state/model.ts";

/**
 * The standard vAPI errors the reference server raises, by their snake_case name (the `rest` type suffix).
 * The dialects turn a kind into a status code and a body; operations only ever name the kind.
 */
export type ErrorKind =
  | "invalid_argument"
  | "invalid_element_type"
  | "invalid_request"
  | "not_allowed_in_current_state"
  | "not_found"
  | "operation_not_found"
  | "resource_busy"
  | "resource_inaccessible"
  | "unauthenticated"
  | "unauthorized"
  | "unsupported"
  | "internal_server_error";

/** A documented failure of an operation. Thrown by operations, caught and encoded by the HTTP layer. */
export class OperationError extends Error {
  readonly kind: ErrorKind;
  readonly messages: LocalizableMessage[];

  constructor(kind: ErrorKind, message: LocalizableMessage) {
    super(message.default_message);
    this.name = "OperationError";
    this.kind = kind;
    this.messages = [message];
  }
}

/** Builds an error whose one message has a stable id under `usc.reference.` and the arguments it names. */
export function failure(
  kind: ErrorKind,
  id: string,
  defaultMessage: string,
  ...args: string[]
): OperationError {
  return new OperationError(kind, { id: `usc.reference.${id}`, default_message: defaultMessage, args });
}

/** Builds an error whose one message uses named arguments (params), so its positional args are empty. */
export function failureWithParams(
  kind: ErrorKind,
  id: string,
  defaultMessage: string,
  params: Record<string, LocalizationParam>,
): OperationError {
  return new OperationError(kind, {
    id: `usc.reference.${id}`,
    default_message: defaultMessage,
    args: [],
    params,
  });
}

export function invalidArgument(id: string, defaultMessage: string, ...args: string[]): OperationError {
  return failure("invalid_argument", id, defaultMessage, ...args);
}

/** The not_found of an identifier that names nothing; the identifier travels as the named argument `id`. */
export function notFound(what: string, id: string): OperationError {
  return failureWithParams(
    "not_found",
    `${what.replace(/ /g, "_")}.not_found`,
    `The ${what} '${id}' does not exist.`,
    {
      id: { s: id },
    },
  );
}

export function notAllowedInCurrentState(
  id: string,
  defaultMessage: string,
  ...args: string[]
): OperationError {
  return failure("not_allowed_in_current_state", id, defaultMessage, ...args);
}
