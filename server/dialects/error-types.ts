import type { ErrorKind } from "../operations/errors.ts";

/** The vAPI runtime's default error -> HTTP status map (GOSDK-RT HttpStatusCodes.go, PY-RT), for the kinds we raise. */
export const defaultErrorStatus: Record<ErrorKind, number> = {
  invalid_argument: 400,
  invalid_element_type: 400,
  invalid_request: 400,
  not_allowed_in_current_state: 400,
  not_found: 404,
  operation_not_found: 404,
  resource_busy: 400,
  resource_inaccessible: 400,
  unauthenticated: 401,
  unauthorized: 403,
  unsupported: 400,
  internal_server_error: 500,
};

/** The `error_type` discriminator: the snake_case name in upper case (`not_found` -> `NOT_FOUND`). */
export function errorTypeOf(kind: ErrorKind): string {
  return kind.toUpperCase();
}

/** What an unauthenticated error carries in `challenge`: the scheme login accepts. */
export const loginChallenge = 'Basic realm="VMware vCenter"';
