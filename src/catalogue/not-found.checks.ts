import type { CanonicalOperationId } from "../../spec/index.ts";
import { defineSuiteCatalogue } from "./registry.ts";

/**
 * Every operation addressed to a session id: the id segment of its check (`key`), its canonical name
 * (`operation`, the spec's operationId) and how a title names it.
 */
export const sessionOperations = [
  { key: "session.get", operation: "updateSession.get", label: "get" },
  { key: "session.update", operation: "updateSession.update", label: "update" },
  { key: "session.delete", operation: "updateSession.delete", label: "delete" },
  { key: "session.complete", operation: "updateSession.complete", label: "complete" },
  { key: "session.cancel", operation: "updateSession.cancel", label: "cancel" },
  { key: "session.fail", operation: "updateSession.fail", label: "fail" },
  { key: "session.keep-alive", operation: "updateSession.keepAlive", label: "keep_alive" },
  { key: "file.add", operation: "updateSession.file.add", label: "file add" },
  { key: "file.get", operation: "updateSession.file.get", label: "file get" },
  { key: "file.list", operation: "updateSession.file.list", label: "file list" },
  { key: "file.remove", operation: "updateSession.file.remove", label: "file remove" },
  { key: "file.validate", operation: "updateSession.file.validate", label: "file validate" },
] as const satisfies ReadonlyArray<{ key: string; operation: CanonicalOperationId; label: string }>;

const unknownSession = sessionOperations.map(({ key, label }) => ({
  id: `not-found.${key}` as const,
  title: `${label} with an unknown session id (well-formed and malformed) fails with not_found`,
  level: "MUST" as const,
  // In api the error type is read from error_type. Erratum E26 makes naming it a SHOULD: a body without it,
  // sent with the documented status, makes these checks warn (CheckContext.expectError); any other status fails.
  requirements: ["errors.unknown-session.not-found", "errors.not-found.404", "errors.api-error-type-present"],
}));

export const notFoundCatalogue = defineSuiteCatalogue({
  suite: "not-found",
  description:
    "Unknown identifiers: every session and file operation with an unknown session id, list by an unknown item, unknown file names.",
  checks: [
    ...unknownSession,
    {
      id: "not-found.messages.arguments",
      title:
        "the messages of a not_found error carry their arguments substituted into default_message, and no positional args beside named params",
      level: "MUST",
      requirements: [
        "model.localizable-message.default-substituted",
        "model.localizable-message.args-empty-with-params",
      ],
    },
    {
      id: "not-found.unknown-action.operation-not-found",
      title:
        "an action no operation serves, on a real session's path, fails with operation_not_found 404 (the runtime's default map)",
      level: "SHOULD",
      requirements: ["errors.default-map"],
    },
    {
      id: "not-found.list.unknown-item",
      title: "list filtered by a library item that does not exist fails with not_found",
      level: "MUST",
      requirements: ["list.unknown-item.not-found", "errors.not-found.404"],
    },
    {
      id: "not-found.file.unknown-name.get",
      title: "file get of a name that is not a file of the session fails with invalid_argument",
      level: "MUST",
      requirements: ["file.get.unknown-file.invalid-argument", "errors.invalid-argument.400"],
    },
    {
      id: "not-found.file.unknown-name.remove",
      title: "file remove of a name that is not a file of the item fails with invalid_argument",
      level: "MUST",
      requirements: ["file.remove.unknown-file.invalid-argument", "errors.invalid-argument.400"],
    },
  ],
});
