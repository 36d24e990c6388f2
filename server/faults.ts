/**
 * Named deviations from the documents, switched on per server instance so the self-tests can prove each
 * check fires (the catch matrix, docs/catch-matrix.md). A fault is a row here plus one hook where it
 * applies: a named override (server/deviations/) around a point of the implementation, an operation of
 * server/operations/ or a wire decision of http.ts, dialects/, upload.ts or state/store.ts. Each fault is
 * one realistic mistake an implementation of this API makes; everything else stays conforming.
 *
 * `catchers` are the check ids (src/catalogue/*.checks.ts, plus `protocol.response-schema`) meant to catch the
 * fault: the catch matrix runs the suites against the variant and requires every one of them to fail (or
 * warn, for SHOULD and MAY checks). The server never imports the harness, so they are plain strings here and
 * the self-tests check that each one exists. `breaks` names the requirements (spec/requirements.yaml) the
 * deviation breaks, again as plain strings the self-tests check: a requirement counts as proven only when a
 * fault breaking it makes a check that names it fail (docs/traceability.md).
 */

export type FaultDialect = "rest" | "api";

export interface FaultDefinition {
  name: string;
  /** One line: what the variant does differently. */
  description: string;
  /** The dialects whose wire traffic shows the deviation. */
  dialects: readonly FaultDialect[];
  /**
   * The requirement ids (spec/requirements.yaml) the deviation breaks; at least one. A fault that breaks
   * only a protocol or schema rule names that rule's requirement. The traceability counts a requirement as
   * proven only when a fault breaking it makes a check naming it fail (docs/traceability.md).
   */
  breaks: readonly string[];
  /** The check ids meant to catch it; at least one. */
  catchers: readonly string[];
  /**
   * Suites to run besides those declaring a catcher. Only needed when the catchers name no suite:
   * `protocol.response-schema` is reported by whichever suite sent the offending request.
   */
  suites?: readonly string[];
}

const both = ["rest", "api"] as const;

/** Every session and file operation addressed to an unknown session id, as the not-found suite checks it. */
const unknownSessionChecks = [
  "not-found.session.get",
  "not-found.session.update",
  "not-found.session.delete",
  "not-found.session.complete",
  "not-found.session.cancel",
  "not-found.session.fail",
  "not-found.session.keep-alive",
  "not-found.file.add",
  "not-found.file.get",
  "not-found.file.list",
  "not-found.file.remove",
  "not-found.file.validate",
  "lifecycle.get.after-delete",
] as const;

const unauthenticatedChecks = (
  [
    "create",
    "get",
    "list",
    "update",
    "delete",
    "complete",
    "cancel",
    "fail",
    "keep-alive",
    "file-add",
    "file-get",
    "file-list",
    "file-remove",
    "file-validate",
  ] as const
).map((operation) => `auth.unauthenticated.${operation}` as const);

function inTerminalStates<Operation extends string>(operation: Operation) {
  return (["done", "canceled", "error"] as const).map(
    (state) => `wrong-state.${state}.${operation}` as const,
  );
}

export const faultTable = [
  {
    name: "second-active-session",
    description: "a second create on an item with an ACTIVE session succeeds (no resource_busy)",
    dialects: both,
    breaks: ["create.one-active-session-per-item"],
    catchers: [
      "create-conflicts.second-create.resource-busy",
      "create-conflicts.concurrent-creates.one-session",
    ],
  },
  {
    name: "client-token-ignored",
    description: "a repeated client_token creates a new session instead of returning the same id",
    dialects: both,
    breaks: ["create.client-token.idempotent"],
    catchers: ["create-conflicts.client-token.idempotent"],
  },
  {
    name: "client-token-unchecked",
    description: "a client_token that is not a UUID is accepted",
    dialects: both,
    breaks: ["create.client-token.not-uuid"],
    catchers: ["create-conflicts.client-token.not-uuid"],
  },
  {
    name: "complete-outside-active",
    description: "complete of a DONE, CANCELED or ERROR session answers success (and changes nothing)",
    dialects: both,
    breaks: ["complete.requires-active"],
    catchers: inTerminalStates("complete"),
  },
  {
    name: "cancel-outside-active",
    description: "cancel of a DONE, CANCELED or ERROR session answers success (and changes nothing)",
    dialects: both,
    breaks: ["cancel.requires-active"],
    catchers: inTerminalStates("cancel"),
  },
  {
    name: "fail-outside-active",
    description: "fail of a DONE, CANCELED or ERROR session answers success (and changes nothing)",
    dialects: both,
    breaks: ["fail.requires-active"],
    catchers: inTerminalStates("fail"),
  },
  {
    name: "keep-alive-outside-active",
    description: "keep_alive of a session that is not ACTIVE succeeds",
    dialects: both,
    breaks: ["keep-alive.requires-active"],
    catchers: inTerminalStates("keep-alive"),
  },
  {
    name: "complete-ends-any-state",
    description: "complete of a CANCELED or ERROR session answers success and makes it DONE",
    dialects: both,
    breaks: ["complete.requires-active"],
    catchers: [...inTerminalStates("complete"), "wrong-state.state-kept.complete"],
  },
  {
    name: "cancel-ends-any-state",
    description: "cancel of a DONE or ERROR session answers success and makes it CANCELED",
    dialects: both,
    breaks: ["cancel.requires-active"],
    catchers: [...inTerminalStates("cancel"), "wrong-state.state-kept.cancel"],
  },
  {
    name: "fail-ends-any-state",
    description: "fail of a DONE or CANCELED session answers success and makes it ERROR",
    dialects: both,
    breaks: ["fail.requires-active"],
    catchers: [...inTerminalStates("fail"), "wrong-state.state-kept.fail"],
  },
  {
    name: "keep-alive-reopens",
    description: "keep_alive of a DONE, CANCELED or ERROR session answers success and makes it ACTIVE again",
    dialects: both,
    breaks: ["keep-alive.requires-active"],
    catchers: [...inTerminalStates("keep-alive"), "wrong-state.state-kept.keep-alive"],
  },
  {
    name: "complete-refusal-ends-session",
    description:
      "complete of a CANCELED or ERROR session answers not_allowed_in_current_state, but has made it DONE",
    dialects: both,
    breaks: ["complete.requires-active"],
    catchers: ["wrong-state.state-kept.complete"],
  },
  {
    name: "cancel-refusal-ends-session",
    description:
      "cancel of a DONE or ERROR session answers not_allowed_in_current_state, but has made it CANCELED",
    dialects: both,
    breaks: ["cancel.requires-active"],
    catchers: ["wrong-state.state-kept.cancel"],
  },
  {
    name: "fail-refusal-ends-session",
    description:
      "fail of a DONE or CANCELED session answers not_allowed_in_current_state, but has made it ERROR",
    dialects: both,
    breaks: ["fail.requires-active"],
    catchers: ["wrong-state.state-kept.fail"],
  },
  {
    name: "keep-alive-refusal-reopens",
    description:
      "keep_alive of a DONE, CANCELED or ERROR session answers not_allowed_in_current_state, but has made it ACTIVE again",
    dialects: both,
    breaks: ["keep-alive.requires-active"],
    catchers: ["wrong-state.state-kept.keep-alive"],
  },
  {
    name: "update-outside-active",
    description: "update of a session that is not ACTIVE succeeds and changes its warning_behavior",
    dialects: both,
    breaks: ["update.requires-active"],
    catchers: inTerminalStates("update"),
  },
  {
    name: "file-add-outside-active",
    description: "file add to a session that is not ACTIVE succeeds",
    dialects: both,
    breaks: ["file.add.requires-active"],
    catchers: inTerminalStates("file-add"),
  },
  {
    name: "validate-outside-active",
    description: "file validate of a session that is not ACTIVE succeeds",
    dialects: both,
    breaks: ["file.validate.requires-active"],
    catchers: inTerminalStates("file-validate"),
  },
  {
    name: "delete-active",
    description: "delete of an ACTIVE session succeeds",
    dialects: both,
    breaks: ["delete.active.not-allowed"],
    catchers: ["wrong-state.active.delete"],
  },
  {
    name: "not-found-plain-text",
    description: "an unknown update session id is answered 404 with a text/plain body",
    dialects: both,
    breaks: [
      "errors.unknown-session.not-found",
      "errors.body-shape",
      "errors.rest-body-shape",
      "errors.api-body-shape",
      "wire.json-media-type",
    ],
    catchers: [...unknownSessionChecks, "protocol.response-schema"],
  },
  {
    name: "not-found-empty-200",
    description: "an unknown update session id is answered 200 with an empty body",
    dialects: both,
    breaks: ["errors.unknown-session.not-found", "errors.not-found.404", "wire.documented-status"],
    catchers: [...unknownSessionChecks, "protocol.response-schema"],
  },
  {
    name: "not-found-as-400",
    description: "an unknown update session id is answered 400 invalid_argument instead of 404 not_found",
    dialects: both,
    breaks: ["errors.unknown-session.not-found", "errors.not-found.404"],
    catchers: [...unknownSessionChecks],
  },
  {
    name: "unauthenticated-empty-body",
    description: "401 is answered without a body (no error type, no messages)",
    dialects: both,
    breaks: ["auth.unauthenticated.401", "errors.body-shape"],
    catchers: [...unauthenticatedChecks, "protocol.response-schema"],
  },
  {
    name: "action-get-empty",
    description: "rest POST ...?~action=get (both 2014 forms) is answered 200 with an empty body",
    dialects: ["rest"],
    breaks: [
      "wire.post-get-equivalence.id-action",
      "wire.post-get-equivalence.body-action",
      "wire.post-get-equivalence.query-form",
    ],
    catchers: [
      "post-vs-get.get.id-action",
      "post-vs-get.get.body-action",
      "protocol.response-schema",
      "model.query-form.get",
    ],
  },
  {
    name: "action-get-different",
    description:
      "rest POST ...?~action=get (both 2014 forms) answers the session with its state in lower case",
    dialects: ["rest"],
    breaks: [
      "wire.post-get-equivalence.id-action",
      "wire.post-get-equivalence.body-action",
      "wire.post-get-equivalence.query-form",
      "model.state.enum",
    ],
    catchers: [
      "post-vs-get.get.id-action",
      "post-vs-get.get.body-action",
      "protocol.response-schema",
      "model.query-form.get",
    ],
  },
  {
    name: "rest-unwrapped",
    description:
      'rest results are not wrapped in {"value": ...}: login, datastores, libraries, items, update sessions and files',
    dialects: ["rest"],
    breaks: ["wire.rest.results-wrapped", "wire.result-encoding"],
    catchers: [
      "lifecycle.create.returns-id",
      "post-vs-get.cross-dialect.same-model",
      "protocol.response-schema",
    ],
  },
  {
    name: "api-wrapped",
    description: 'api results of the update session and file operations are wrapped in {"value": ...}',
    dialects: ["api"],
    breaks: ["wire.api.results-bare", "wire.result-encoding"],
    catchers: [
      "lifecycle.create.returns-id",
      "post-vs-get.cross-dialect.same-model",
      "protocol.response-schema",
    ],
  },
  {
    name: "maps-other-encoding",
    description:
      "LocalizableMessage params (error bodies, error_message) come in the other dialect's map encoding",
    dialects: both,
    breaks: ["wire.rest.maps-as-arrays", "wire.api.maps-as-objects"],
    catchers: ["protocol.response-schema"],
    suites: ["wrong-state"],
  },
  {
    name: "expiration-missing",
    description: "expiration_time is absent from the update session model",
    dialects: both,
    breaks: ["model.result.always-present-members"],
    catchers: ["lifecycle.get.members", "expiry.expiration.in-future", "protocol.response-schema"],
  },
  {
    name: "expiration-no-zone",
    description: "expiration_time is written without a zone (2024-05-01T12:00:00.000)",
    dialects: both,
    breaks: ["model.expiration-time.date-time", "wire.date-time-layout"],
    catchers: ["expiry.expiration.in-future", "protocol.response-schema"],
  },
  {
    name: "progress-missing",
    description: "client_progress is absent from the update session model",
    dialects: both,
    // A new session that shows no client_progress does not report the initial 0 either.
    breaks: ["model.result.always-present-members", "create.initial-progress-zero"],
    catchers: ["lifecycle.get.members", "expiry.progress.starts-at-zero", "protocol.response-schema"],
  },
  {
    name: "keep-alive-progress-ignored",
    description: "keep_alive does not record client_progress",
    dialects: both,
    breaks: ["keep-alive.sets-progress"],
    catchers: ["expiry.progress.keep-alive-raises"],
  },
  {
    name: "keep-alive-no-extend",
    description: "keep_alive does not extend the session's life (expiration_time stays)",
    dialects: both,
    breaks: ["keep-alive.extends-lifetime"],
    catchers: ["expiry.keep-alive.extends"],
  },
  {
    name: "visible-before-complete",
    description: "an uploaded file is written to the item (content_version bumped) before complete",
    dialects: both,
    breaks: ["visibility.hidden-until-complete"],
    catchers: ["lifecycle.invisible-before-complete", "files.cancel.discards-content"],
  },
  {
    name: "content-version-unchanged",
    description: "complete writes the files but leaves the item's content_version as it was",
    dialects: both,
    breaks: ["visibility.content-version-increases"],
    catchers: ["lifecycle.content-version-increases"],
  },
  {
    name: "file-remove-drops-session",
    description: "file remove deletes the whole update session instead of one file",
    dialects: both,
    breaks: ["file.remove.all-files-empty-item"],
    catchers: ["files.remove.all-files-empty-item"],
  },
  {
    name: "file-get-unknown-200",
    description: "file get of a name that is not a file of the session answers 200 with a made-up file",
    dialects: both,
    breaks: ["file.get.unknown-file.invalid-argument"],
    catchers: ["not-found.file.unknown-name.get"],
  },
  {
    name: "validate-ignores-missing",
    description: "file validate does not report PUSH files whose bytes never arrived",
    dialects: both,
    breaks: ["file.validate.unreceived-file"],
    catchers: ["files.validate.unreceived-file"],
  },
  {
    name: "complete-with-missing",
    description: "complete is accepted although added files were not (correctly) received",
    dialects: both,
    breaks: ["complete.files-not-received"],
    catchers: [
      "files.complete.unreceived-file",
      "files.validate.size-mismatch",
      "files.validate.checksum-mismatch",
    ],
  },
  {
    name: "cancel-keeps-content",
    description: "cancel writes the received files to the item (the session still ends CANCELED)",
    dialects: both,
    breaks: ["cancel.discards-content"],
    catchers: ["files.cancel.discards-content"],
  },
  {
    name: "fail-drops-message",
    description: "fail ends the session in ERROR without the client's message in error_message",
    dialects: both,
    breaks: ["fail.records-client-message", "model.result.error-message-on-error"],
    catchers: ["wrong-state.error.records-client-message"],
  },
  {
    name: "list-other-users",
    description: "list without a filter shows the sessions of every user, not only the caller's",
    dialects: both,
    breaks: ["list.caller-scope"],
    catchers: ["auth.list.caller-scope"],
  },
  {
    name: "list-ignores-filter",
    description: "list ignores library_item_id and answers all of the caller's sessions",
    dialects: both,
    breaks: ["list.filter-by-item"],
    catchers: [
      "create-conflicts.client-token.not-uuid",
      "create-conflicts.concurrent-creates.one-session",
      "post-vs-get.list.id-action",
      "post-vs-get.list.body-action",
      "lifecycle.list.filter-excludes-other-items",
      "lifecycle.list.includes-session",
      "create-conflicts.second-create.resource-busy",
      "create-conflicts.client-token.idempotent",
    ],
  },
  {
    name: "create-unknown-item-500",
    description: "create on a library item that does not exist answers 500 internal_server_error",
    dialects: both,
    breaks: ["create.unknown-item.not-found"],
    catchers: ["create-conflicts.unknown-item.not-found"],
  },
  {
    name: "create-subscribed-allowed",
    description: "create on an item of a subscribed library succeeds",
    dialects: both,
    breaks: ["create.subscribed-item.invalid-element-type"],
    catchers: ["create-conflicts.subscribed-item.invalid-element-type"],
  },
  {
    name: "errors-without-messages",
    description: "error bodies carry the error type but no messages",
    dialects: both,
    breaks: ["errors.messages-non-empty", "errors.body-shape"],
    catchers: ["protocol.response-schema", "model.errors.messages-non-empty"],
    suites: ["not-found"],
  },
  {
    name: "wrong-success-codes",
    description:
      "api session and file operations answer 200, not 201 (create, file add), and 200 with {} for 204 (void)",
    dialects: ["api"],
    breaks: ["wire.api.create-201", "wire.api.void-204", "wire.documented-status"],
    catchers: ["lifecycle.create.returns-id", "protocol.response-schema"],
  },
  {
    name: "json-as-text-plain",
    description: "JSON bodies are sent with content-type text/plain",
    dialects: both,
    breaks: ["wire.json-media-type"],
    catchers: ["protocol.response-schema"],
    suites: ["lifecycle"],
  },
  {
    name: "update-ignored",
    description: "update answers success but leaves warning_behavior as it was",
    dialects: both,
    breaks: ["update.applies-warning-behavior"],
    catchers: [
      "update.warning-behavior.applied",
      "update.warning-behavior.every-type",
      "update.keeps-item-and-state",
      "update.only-warning-behavior",
    ],
  },
  {
    name: "update-unset-clears",
    description: "update with a spec that leaves warning_behavior unset clears it (replace, not incremental)",
    dialects: both,
    breaks: ["update.incremental"],
    catchers: ["update.incremental.unset-kept"],
  },
  {
    name: "update-unknown-warning-type",
    description:
      "update drops warning_behavior entries of an unknown type and succeeds instead of invalid_argument",
    dialects: both,
    breaks: ["update.invalid-spec.invalid-argument"],
    catchers: ["update.invalid-spec.unknown-warning-type"],
  },
  {
    name: "update-applies-other-members",
    description: "update copies library_item_id, state and client_progress from its spec onto the session",
    dialects: both,
    breaks: ["update.only-warning-behavior", "update.keeps-item-and-state"],
    catchers: ["update.keeps-item-and-state", "update.only-warning-behavior"],
  },
  {
    name: "create-drops-warning-behavior",
    description: "create ignores the warning_behavior of its spec",
    dialects: both,
    breaks: ["model.warning-behavior.members"],
    catchers: ["update.warning-behavior.every-type"],
  },
  {
    name: "preview-outside-active",
    description:
      "preview_info stays on DONE, CANCELED and ERROR sessions, frozen as it was before complete (UNAVAILABLE)",
    dialects: both,
    breaks: ["preview.active-only"],
    catchers: ["preview.absent-outside-active", "preview.not-applicable.after-complete"],
  },
  {
    name: "preview-without-metadata",
    description: "a session without metadata files reports preview_info AVAILABLE",
    dialects: both,
    breaks: ["preview.unavailable-without-metadata"],
    catchers: ["preview.unavailable.without-metadata"],
  },
  {
    name: "preview-skips-preparing",
    description: "an added OVF descriptor makes the preview AVAILABLE before its bytes arrived",
    dialects: both,
    breaks: ["preview.preparing-and-available"],
    catchers: ["preview.ovf.preparing-then-available"],
  },
  {
    name: "preview-unsigned-certificate",
    description: "the preview of an unsigned OVF descriptor carries a certificate_info",
    dialects: both,
    breaks: ["preview.certificate-unset-if-unsigned"],
    catchers: ["preview.ovf.unsigned-no-certificate"],
  },
  {
    name: "preview-signed-certificate-withheld",
    description:
      "the AVAILABLE preview of signed OVF content shows no certificate_info (nor cert_chain), as if unsigned",
    dialects: both,
    breaks: ["preview.details-when-available"],
    catchers: ["preview.signed.details-when-available"],
  },
  {
    name: "preview-certificate-without-self-signed",
    description: "the certificate_info of signed OVF content leaves out self_signed",
    dialects: both,
    breaks: ["preview.certificate-info.members"],
    catchers: ["preview.signed.certificate-info", "protocol.response-schema"],
  },
  {
    name: "preview-warning-without-ignored",
    description: "the preview warnings of signed OVF content leave out ignored",
    dialects: both,
    breaks: ["preview.warning.members"],
    catchers: ["preview.signed.warning-members", "protocol.response-schema"],
  },
  {
    name: "preview-cert-chain-pem",
    description: "cert_chain carries the signing certificate as PEM text (armour, line breaks), not base64",
    dialects: both,
    breaks: ["preview.cert-chain"],
    catchers: ["preview.signed.cert-chain"],
  },
  {
    name: "pull-storage-privilege-unchecked",
    description:
      "file add accepts a PULL from a file or ds URI by a caller without ContentLibrary.ReadStorage (the transfer then fails)",
    dialects: both,
    breaks: ["file.add.pull-storage-privilege"],
    catchers: ["auth.privilege.pull-storage-unauthorized"],
  },
  {
    name: "complete-ignores-preview-warnings",
    description:
      "complete applies signed OVF content (DONE) although its preview raised a warning nobody ignored",
    dialects: both,
    breaks: ["preview.unignored-warning-fails-complete"],
    catchers: ["preview.signed.unignored-warning-fails-complete"],
  },
  {
    name: "ignored-warning-still-fails",
    description: "complete fails the session (ERROR) for a preview warning that warning_behavior ignores",
    dialects: both,
    breaks: ["preview.ignored-warning-completes"],
    catchers: ["preview.signed.ignored-warning-completes"],
  },
  {
    name: "create-copies-progress",
    description: "create takes client_progress from its spec instead of starting the session at 0",
    dialects: both,
    breaks: ["model.create-spec.output-fields-ignored", "create.initial-progress-zero"],
    catchers: ["model.create.output-fields-ignored"],
  },
  {
    name: "client-token-required",
    description: "create without a client_token fails with invalid_argument (the token is optional)",
    dialects: both,
    breaks: ["create.client-token.optional"],
    catchers: ["model.create.without-client-token"],
  },
  {
    name: "get-id-of-item",
    description: "get returns the library item's identifier as the session's id",
    dialects: both,
    breaks: ["model.result.id-optional"],
    catchers: ["model.get.id-is-own"],
  },
  {
    name: "fail-to-canceled",
    description: "fail ends the session CANCELED instead of ERROR",
    dialects: both,
    breaks: ["state.fail-to-error"],
    catchers: ["model.fail.to-error"],
  },
  {
    name: "sessions-owner-only",
    description: "another authenticated user holding a session's id gets not_found for it",
    dialects: both,
    breaks: ["auth.session-operations-anonymous"],
    catchers: ["model.auth.other-user-session-operations"],
  },
  {
    name: "privileges-unchecked",
    description:
      "create and a filtered list do not check ContentLibrary.UpdateSession: a read-only user creates and lists sessions",
    dialects: both,
    breaks: ["auth.create-privilege", "auth.list-privilege"],
    catchers: ["auth.privilege.create-unauthorized", "auth.privilege.list-unauthorized"],
  },
  {
    name: "api-login-refused",
    description: "the api login (POST /api/session) refuses every user with 401, while the rest login works",
    dialects: ["api"],
    breaks: ["auth.login-basic"],
    catchers: ["target.login"],
    // The login is checked whichever suites run; auth's checks then show the dialect blocked.
    suites: ["auth"],
  },
  {
    name: "unauthorized-as-unauthenticated",
    description: "a missing privilege is answered 401 unauthenticated instead of 403 unauthorized",
    dialects: both,
    breaks: ["errors.unauthorized.403", "auth.create-privilege", "auth.list-privilege"],
    catchers: ["auth.privilege.create-unauthorized", "auth.privilege.list-unauthorized"],
  },
  {
    name: "file-add-spec-unchecked",
    description: "file add accepts a PULL spec without source_endpoint (the file then waits forever)",
    dialects: both,
    breaks: ["file.add.invalid-spec.invalid-argument", "model.add-spec.members"],
    catchers: ["model.file-add.invalid-spec"],
  },
  {
    name: "ovf-metadata-order-unchecked",
    description: "file add accepts a manifest after the OVF descriptor",
    dialects: both,
    breaks: ["file.add.ovf-metadata-order"],
    catchers: ["model.ovf.metadata-after-descriptor"],
  },
  {
    name: "manifest-kept-on-item",
    description: "complete writes manifests and certificates (keep_in_storage false) onto the item",
    dialects: both,
    breaks: ["file.add.metadata-not-kept"],
    catchers: ["model.ovf.metadata-not-kept"],
  },
  {
    name: "upload-post-ignored",
    description: "an upload sent with POST is answered 200 but its bytes are discarded",
    dialects: both,
    breaks: ["upload.post-accepted"],
    catchers: ["model.upload.post"],
  },
  {
    name: "pull-drops-first-byte",
    description: "a PULL transfer loses the first byte of the source",
    dialects: both,
    breaks: ["file.add.pull"],
    catchers: ["model.pull.http", "model.pull.complete-then-poll"],
  },
  {
    name: "complete-ignores-pending-pull",
    description: "complete during a PULL transfer ends the session DONE at once, without the file's content",
    dialects: both,
    breaks: ["complete.pull-may-return-early"],
    catchers: ["model.pull.complete-then-poll"],
  },
  {
    name: "list-only-ended",
    description: "list leaves out the caller's ACTIVE sessions and shows only ended ones",
    dialects: both,
    breaks: ["list.unfiltered-includes-own"],
    catchers: ["lifecycle.list.includes-session"],
  },
  {
    name: "file-add-no-upload-endpoint",
    description: "file add of a PUSH file answers without an upload_endpoint",
    dialects: both,
    breaks: ["file.add.push-upload-endpoint"],
    catchers: ["lifecycle.file.add-push"],
  },
  {
    name: "file-add-no-bytes-transferred",
    description: "file add answers the added file without bytes_transferred (its upload endpoint is there)",
    dialects: both,
    breaks: ["model.file-info.members", "file.add.push-waiting-for-transfer"],
    catchers: ["lifecycle.file.add-push", "protocol.response-schema"],
  },
  {
    name: "upload-stays-transferring",
    description: "a PUSH file whose every byte arrived stays TRANSFERRING instead of READY",
    dialects: both,
    breaks: ["upload.ready-after-transfer"],
    catchers: ["lifecycle.upload.ready"],
  },
  {
    name: "file-list-omits-added",
    description: "file list shows the item's existing files but not those added in the session",
    dialects: both,
    breaks: ["file.list.all-files"],
    catchers: ["lifecycle.file.list-and-get"],
  },
  {
    name: "validate-always-errors",
    description: "validate answers has_errors true even when every file was received",
    dialects: both,
    breaks: ["file.validate.clean-session"],
    catchers: ["lifecycle.validate.clean"],
  },
  {
    name: "complete-stays-active",
    description: "complete of a fully received session answers success but leaves it ACTIVE",
    dialects: both,
    breaks: ["state.complete-to-done", "complete.push-visible-on-return"],
    catchers: ["lifecycle.complete.done"],
  },
  {
    name: "delete-done-refused",
    description: "delete of a DONE session fails with not_allowed_in_current_state",
    dialects: both,
    breaks: ["delete.terminal-allowed"],
    catchers: ["lifecycle.delete.after-done"],
  },
  {
    name: "item-busy-after-cancel",
    description: "cancel does not release the item: a new create on it fails with resource_busy",
    dialects: both,
    breaks: ["create.after-terminal-allowed"],
    catchers: ["create-conflicts.after-ended.allowed"],
  },
  {
    name: "create-missing-item-404",
    description: "create with a spec without library_item_id answers not_found, not invalid_argument",
    dialects: both,
    breaks: ["model.create-spec.library-item-id-required", "create.invalid-spec.invalid-argument"],
    catchers: ["create-conflicts.missing-item-id.invalid-argument"],
  },
  {
    name: "list-unknown-item-empty",
    description: "list filtered by a library item that does not exist answers an empty list",
    dialects: both,
    breaks: ["list.unknown-item.not-found"],
    catchers: ["not-found.list.unknown-item"],
  },
  {
    name: "file-remove-unknown-ok",
    description: "file remove of a name the session does not have succeeds",
    dialects: both,
    breaks: ["file.remove.unknown-file.invalid-argument"],
    catchers: ["not-found.file.unknown-name.remove"],
  },
  {
    name: "action-file-list-empty",
    description: "the rest 2014 forms of file list answer an empty list",
    dialects: ["rest"],
    breaks: ["wire.post-get-equivalence.id-action", "wire.post-get-equivalence.body-action"],
    catchers: ["post-vs-get.file-list.id-action", "post-vs-get.file-list.body-action"],
  },
  {
    name: "file-add-same-name-refused",
    description: "file add of a name the session already has fails with invalid_argument (no replace)",
    dialects: both,
    breaks: ["file.add.same-name-replaces"],
    catchers: ["files.add.same-name-replaces"],
  },
  {
    name: "file-remove-immediate",
    description: "file remove takes the file off the item at once, before complete",
    dialects: both,
    breaks: ["file.remove.effective-at-completion"],
    catchers: ["files.remove.effective-at-completion"],
  },
  {
    name: "keep-alive-resets-progress",
    description: "keep_alive without client_progress resets client_progress to 0",
    dialects: both,
    breaks: ["keep-alive.progress-optional"],
    catchers: ["expiry.progress.keep-alive-without-progress"],
  },
  {
    name: "keep-alive-lowers-progress",
    description: "keep_alive with a lower client_progress replaces the higher one",
    dialects: both,
    breaks: ["keep-alive.progress-not-lowered"],
    catchers: ["expiry.progress.not-lowered"],
  },
  {
    // E46: accepting 101 and recording 100 is conforming; refusing it with the wrong error is not.
    name: "progress-above-max-wrong-error",
    description: "keep_alive refuses a client_progress above 100 with not_allowed_in_current_state",
    dialects: both,
    breaks: ["keep-alive.progress-above-max"],
    catchers: ["expiry.progress.above-max"],
  },
  {
    name: "expires-early",
    description: "idle sessions expire at half the idle timeout, before the expiration_time they report",
    dialects: both,
    breaks: ["expiry.lower-bound"],
    catchers: ["expiry.expiration.lower-bound"],
  },
  {
    name: "idle-never-expires",
    description: "idle sessions never expire: they stay ACTIVE long past their expiration_time",
    dialects: both,
    breaks: ["expiry.idle-session-removed"],
    catchers: ["expiry.idle-session.expires"],
  },
  // Each of these breaks one requirement that a check named without asserting it (issue 16, issue 9 item 8a).
  {
    name: "get-ended-404",
    description:
      "get of a DONE or CANCELED session answers not_found (ERROR and ACTIVE sessions are answered)",
    dialects: both,
    breaks: ["get.any-state"],
    // Every check that reads a DONE or CANCELED session, each naming get.any-state.
    catchers: [
      ...(["done", "canceled"] as const).flatMap((state) =>
        (["complete", "cancel", "fail", "keep-alive", "update", "file-add", "file-validate"] as const).map(
          (operation) => `wrong-state.${state}.${operation}` as const,
        ),
      ),
      "wrong-state.state-kept.complete",
      "wrong-state.state-kept.cancel",
      "wrong-state.state-kept.fail",
      "wrong-state.state-kept.keep-alive",
      "lifecycle.complete.done",
      "lifecycle.delete.after-done",
      "files.cancel.discards-content",
      "preview.absent-outside-active",
      "preview.not-applicable.after-complete",
      "model.auth.other-user-session-operations",
      "model.ovf.metadata-not-kept",
      "model.pull.complete-then-poll",
    ],
  },
  {
    name: "new-session-not-active",
    description:
      "get shows a new session DONE until a file is added to it (it is ACTIVE in every other respect)",
    dialects: both,
    breaks: ["state.initial-active"],
    catchers: ["lifecycle.create.returns-id"],
  },
  {
    name: "cancel-to-error",
    description: "cancel ends the session in ERROR instead of CANCELED (its content is discarded)",
    dialects: both,
    breaks: ["state.cancel-to-canceled"],
    catchers: ["files.cancel.discards-content"],
  },
  {
    name: "preview-unavailable-while-completing",
    description:
      "while a PULL complete runs, a session without metadata files shows preview UNAVAILABLE, not NOT_APPLICABLE",
    dialects: both,
    breaks: ["preview.not-applicable-on-complete"],
    catchers: ["preview.not-applicable.after-complete"],
  },
  {
    name: "expiration-offset-layout",
    description:
      "expiration_time is written with a +02:00 offset and without milliseconds (valid RFC 3339, not the vAPI layout)",
    dialects: both,
    breaks: ["wire.date-time-layout"],
    catchers: ["expiry.expiration.layout"],
  },
  {
    name: "validate-mismatch-as-missing",
    description:
      "validate lists files received with the wrong size or checksum in missing_files, not in invalid_files",
    dialects: both,
    breaks: ["file.validate.invalid-files"],
    catchers: ["files.validate.size-mismatch", "files.validate.checksum-mismatch"],
  },
  {
    name: "not-allowed-as-409",
    description: "not_allowed_in_current_state is answered 409 by every operation (documented for fail only)",
    dialects: both,
    breaks: ["errors.not-allowed-in-current-state.400"],
    catchers: [
      ...(["done", "canceled", "error"] as const).flatMap((state) =>
        (["complete", "cancel", "keep-alive", "update", "file-add", "file-validate"] as const).map(
          (operation) => `wrong-state.${state}.${operation}` as const,
        ),
      ),
      "wrong-state.active.delete",
      "protocol.response-schema",
    ],
  },
  {
    name: "update-refusal-applies",
    description:
      "update of a DONE, CANCELED or ERROR session answers not_allowed_in_current_state, but has applied its warning_behavior",
    dialects: both,
    breaks: ["update.requires-active"],
    catchers: ["wrong-state.done.update", "wrong-state.canceled.update", "wrong-state.error.update"],
  },
  {
    name: "update-refuses-unused-after-applying",
    description:
      "update with members besides warning_behavior answers invalid_argument, but has applied its warning_behavior",
    dialects: both,
    breaks: ["update.only-warning-behavior"],
    catchers: ["update.keeps-item-and-state", "update.only-warning-behavior"],
  },
  {
    name: "unauthenticated-update-applied",
    description:
      "update without valid credentials answers 401 unauthenticated, but has applied its warning_behavior",
    dialects: both,
    breaks: ["auth.unauthenticated.401"],
    catchers: ["auth.unauthenticated.update"],
  },
  {
    name: "progress-above-max-stored",
    description: "keep_alive accepts a client_progress above 100 and records it (get shows 101)",
    dialects: both,
    breaks: ["model.client-progress.range", "keep-alive.progress-above-max"],
    catchers: ["expiry.progress.within-range", "expiry.progress.above-max", "protocol.response-schema"],
  },
  // Each breaks the rule of one check that asserts what it names.
  {
    name: "fail-without-error-message",
    description: "fail ends the session in ERROR with no error_message at all",
    dialects: both,
    breaks: ["model.result.error-message-on-error"],
    catchers: ["model.fail.to-error", "wrong-state.error.records-client-message"],
  },
  {
    name: "delete-ended-refused",
    description: "delete of a CANCELED or ERROR session fails with not_allowed_in_current_state",
    dialects: both,
    breaks: ["delete.terminal-allowed"],
    catchers: ["lifecycle.delete.after-canceled-or-error"],
  },
  {
    name: "active-delete-drops-files",
    description: "a refused delete of an ACTIVE session drops the files added to it",
    dialects: both,
    breaks: ["delete.active.not-allowed"],
    catchers: ["wrong-state.active.delete"],
  },
  {
    name: "ended-refusal-rewrites-message",
    description:
      "an operation refused on an ERROR session replaces its error_message with the refusal's message",
    dialects: both,
    breaks: ["complete.requires-active"],
    catchers: [
      "wrong-state.state-kept.complete",
      "wrong-state.state-kept.cancel",
      "wrong-state.state-kept.fail",
      "wrong-state.state-kept.keep-alive",
    ],
  },
  {
    name: "create-other-resource-500",
    description:
      "create whose library_item_id is a library's or a session's id answers 500 internal_server_error",
    dialects: both,
    breaks: ["create.item-id-resource-type"],
    catchers: ["create-conflicts.wrong-resource-type.refused"],
  },
  {
    name: "ovf-certificate-order-unchecked",
    description:
      "a certificate (.cert) added after the OVF descriptor is accepted; only a manifest is refused",
    dialects: both,
    breaks: ["file.add.ovf-metadata-order"],
    catchers: ["model.ovf.metadata-after-descriptor"],
  },
  {
    name: "session-file-list-added-only",
    description: "file list shows only the files added in the session, not the item's files",
    dialects: both,
    breaks: ["file.list.all-files"],
    catchers: ["files.list.item-files-in-session"],
  },
  {
    name: "validate-completes-session",
    description: "validate of a session without errors completes it (DONE)",
    dialects: both,
    breaks: ["file.validate.keeps-active"],
    catchers: ["files.validate.keeps-active", "lifecycle.complete.done"],
  },
  {
    name: "validate-ignores-references",
    description: "validate does not report a file an OVF descriptor references but the session never had",
    dialects: both,
    breaks: ["file.validate.missing-files"],
    catchers: ["files.validate.missing-referenced-file"],
  },
  {
    name: "upload-after-end-applied",
    description: "bytes sent to an upload endpoint after complete replace the item's file",
    dialects: both,
    breaks: ["upload.refused-after-end"],
    catchers: ["files.upload.after-end"],
  },
  {
    name: "default-idle-ten-minutes",
    description: "sessions expire after ten minutes without activity by default, not five",
    dialects: both,
    breaks: ["expiry.default-five-minutes"],
    catchers: ["lifecycle.expiration.default-five-minutes"],
  },
  {
    name: "message-placeholders-left",
    description: "messages with named arguments keep the {name} placeholders in default_message",
    dialects: both,
    breaks: ["model.localizable-message.default-substituted"],
    catchers: ["not-found.messages.arguments"],
  },
  {
    name: "message-args-beside-params",
    description: "messages with named arguments also list the values in args",
    dialects: both,
    breaks: ["model.localizable-message.args-empty-with-params"],
    catchers: ["not-found.messages.arguments"],
  },
  {
    name: "message-param-format-unlisted",
    description: "a date-time parameter of a message names the format SHORT_DATETIME, not a DateTimeFormat",
    dialects: both,
    // SHORT_DATETIME is what the format's description names, but not a member of the enum (E06).
    breaks: ["model.localization-param.members", "model.date-time-format.enum"],
    catchers: ["protocol.response-schema"],
    suites: ["wrong-state"],
  },
  {
    name: "unknown-action-as-400",
    description: "an action no operation serves answers operation_not_found with status 400, not 404",
    dialects: both,
    breaks: ["errors.default-map"],
    catchers: ["not-found.unknown-action.operation-not-found"],
  },
  {
    name: "body-action-forms-ignored",
    description: "rest complete, fail and file remove in the 2014 body form answer success and do nothing",
    dialects: ["rest"],
    breaks: ["wire.post-get-equivalence.body-action", "wire.post-get-equivalence.query-form"],
    catchers: [
      "post-vs-get.complete.body-action",
      "post-vs-get.complete.query-form",
      "post-vs-get.fail.body-action",
      "post-vs-get.file-remove.body-action",
    ],
  },
  {
    name: "delete-keeps-session",
    description: "delete of an ended session answers success but keeps it: get still answers it",
    dialects: both,
    breaks: ["delete.removes-session"],
    catchers: ["lifecycle.get.after-delete"],
  },
  {
    name: "invalid-argument-as-500",
    description:
      "every invalid_argument is answered 500 internal_server_error (an unhandled validation error)",
    dialects: both,
    breaks: ["errors.invalid-argument.400"],
    catchers: [
      "create-conflicts.client-token.not-uuid",
      "not-found.file.unknown-name.get",
      "not-found.file.unknown-name.remove",
    ],
  },
  {
    name: "upload-put-refused",
    description: "the upload endpoint answers PUT with 405 and takes the bytes by POST only",
    dialects: both,
    breaks: ["upload.push-put"],
    catchers: ["lifecycle.upload.ready"],
  },
  {
    name: "checksum-unchecked",
    description: "an uploaded file whose bytes do not match the declared checksum_info becomes READY",
    dialects: both,
    breaks: ["file.add.checksum-verified"],
    catchers: ["files.validate.checksum-mismatch"],
  },
  {
    name: "expiration-local-time",
    description: "expiration_time is the UTC-5 wall-clock time labelled Z: five hours before the real expiry",
    dialects: both,
    breaks: ["create.expiration-in-future"],
    catchers: ["lifecycle.get.members", "expiry.expiration.in-future"],
  },
  {
    name: "content-version-next",
    description: "library_item_content_version is the version complete will write (the item's version + 1)",
    dialects: both,
    breaks: ["create.content-version-snapshot"],
    catchers: ["lifecycle.get.members"],
  },
  {
    name: "get-library-id-as-item",
    description: "get answers the id of the item's library as the session's library_item_id",
    dialects: both,
    breaks: ["get.returns-model"],
    catchers: ["lifecycle.get.members"],
  },
  {
    name: "state-lower-case",
    description: "get answers the session's state in lower case (active, done, canceled, error)",
    dialects: both,
    breaks: ["model.state.enum"],
    catchers: ["protocol.response-schema", "lifecycle.create.returns-id"],
  },
  {
    name: "logout-keeps-token",
    description: "logout answers success but the token it ends still authenticates",
    dialects: both,
    breaks: ["auth.logout-invalidates"],
    catchers: unauthenticatedChecks,
  },
  {
    name: "rest-create-201",
    description: "rest create answers 201 Created, as the api dialect does, instead of 200",
    dialects: ["rest"],
    breaks: ["wire.rest.success-200"],
    catchers: ["protocol.response-schema"],
    suites: ["lifecycle"],
  },
  {
    name: "api-errors-without-error-type",
    description: "api error bodies leave out error_type (messages only)",
    dialects: ["api"],
    breaks: ["errors.api-error-type-present"],
    catchers: ["not-found.session.get", "not-found.session.delete", "not-found.file.list"],
  },
  {
    name: "api-error-type-lower-case",
    description: "api error bodies spell error_type in lower case (not_found)",
    dialects: ["api"],
    breaks: ["errors.error-type.enum"],
    catchers: ["protocol.response-schema"],
    suites: ["not-found"],
  },
  {
    name: "action-list-empty",
    description: "the rest 2014 forms of list (POST ...?~action=list) answer an empty list",
    dialects: ["rest"],
    breaks: ["wire.post-get-equivalence.id-action", "wire.post-get-equivalence.body-action"],
    catchers: ["post-vs-get.list.id-action", "post-vs-get.list.body-action"],
  },
  {
    name: "file-status-lower-case",
    description: "file add answers the new file's status in lower case (waiting_for_transfer)",
    dialects: both,
    breaks: ["model.transfer-status.enum"],
    catchers: ["protocol.response-schema", "lifecycle.file.add-push"],
  },
  {
    name: "source-type-lower-case",
    description: "file add answers the new file's source_type in lower case (push)",
    dialects: both,
    breaks: ["model.source-type.enum"],
    catchers: ["protocol.response-schema", "lifecycle.file.add-push"],
  },
  {
    name: "validate-lists-nothing",
    description: "validate answers has_errors true with empty missing_files and invalid_files",
    dialects: both,
    breaks: ["model.validation-result.has-errors-consistent"],
    catchers: ["files.validate.unreceived-file"],
  },
  {
    name: "preview-state-lower-case",
    description: "get answers preview_info.state in lower case (unavailable, preparing, available)",
    dialects: both,
    breaks: ["preview.state.enum"],
    catchers: ["protocol.response-schema", "preview.unavailable.without-metadata"],
  },
  {
    name: "create-returns-item-id",
    description: "create answers the library item's id instead of the new session's id",
    dialects: both,
    breaks: ["create.returns-id"],
    catchers: ["lifecycle.create.returns-id"],
  },
  {
    name: "file-list-without-size",
    description: "file list leaves size out of the files whose bytes were received",
    dialects: both,
    breaks: ["model.file-info.size-when-received"],
    catchers: ["files.add.same-name-replaces"],
  },
  {
    name: "upload-endpoint-url",
    description: "file add names the upload endpoint's address url instead of uri",
    dialects: both,
    breaks: ["model.transfer-endpoint.members"],
    catchers: ["protocol.response-schema", "lifecycle.file.add-push"],
  },
  {
    name: "warning-type-lower-case",
    description: "get answers the types of warning_behavior in lower case (self_signed_certificate)",
    dialects: both,
    breaks: ["model.warning-type.enum"],
    catchers: ["protocol.response-schema", "update.warning-behavior.every-type"],
  },
  {
    name: "messages-without-id",
    description: "the messages of error bodies carry default_message and args but no id",
    dialects: both,
    breaks: ["model.localizable-message.members"],
    catchers: ["protocol.response-schema"],
    suites: ["not-found"],
  },
  {
    name: "resource-busy-as-409",
    description: "create on an item with an ACTIVE session answers resource_busy with 409 Conflict",
    dialects: both,
    breaks: ["errors.resource-busy.status"],
    catchers: ["create-conflicts.second-create.resource-busy"],
  },
  // Issue 16, second pass of the audit (docs/audit.md): the rules its checks assert and no fault yet broke.
  {
    name: "api-fail-refusal-409",
    description:
      "api fail of a session that is not ACTIVE answers not_allowed_in_current_state with 409, the status one rest page lists",
    dialects: ["api"],
    breaks: ["errors.not-allowed-in-current-state.400"],
    catchers: [...inTerminalStates("fail"), "protocol.response-schema"],
  },
  {
    name: "unauthenticated-writes-applied",
    description:
      "create, cancel, fail, file add and file remove without valid credentials answer 401 unauthenticated, but were carried out",
    dialects: both,
    breaks: ["auth.unauthenticated.401"],
    catchers: [
      "auth.unauthenticated.create",
      "auth.unauthenticated.cancel",
      "auth.unauthenticated.fail",
      "auth.unauthenticated.file-add",
      "auth.unauthenticated.file-remove",
    ],
  },
  {
    name: "file-add-refusal-adds",
    description:
      "file add to a DONE, CANCELED or ERROR session answers not_allowed_in_current_state, but the file is in the session's list",
    dialects: both,
    breaks: ["file.add.requires-active"],
    catchers: inTerminalStates("file-add"),
  },
  {
    name: "file-get-without-size",
    description: "file get leaves size out of a file whose bytes were received (file list shows it)",
    dialects: both,
    breaks: ["upload.ready-after-transfer", "model.file-info.size-when-received"],
    catchers: ["lifecycle.upload.ready", "files.add.same-name-replaces"],
  },
  {
    name: "item-busy-after-fail",
    description: "fail does not release the item: a new create on it fails with resource_busy",
    dialects: both,
    breaks: ["create.after-terminal-allowed"],
    catchers: ["create-conflicts.after-ended.allowed"],
  },
  {
    name: "rest-file-list-item-only",
    description:
      "rest file list shows only the files the item already had, not those added in the session (api lists both)",
    dialects: ["rest"],
    breaks: ["file.list.all-files"],
    catchers: ["post-vs-get.cross-dialect.same-model", "lifecycle.file.list-and-get"],
  },

  // Traceability by mutation: realistic deviations for the requirements no fault proved yet.
  {
    name: "session-header-optional",
    description:
      "a request without the vmware-api-session-id header is served as the last request that sent one (one current session)",
    dialects: both,
    breaks: ["auth.session-header", "auth.unauthenticated.401"],
    catchers: unauthenticatedChecks,
  },
  {
    name: "challenge-not-string",
    description:
      "the challenge of an api 401 is an object {scheme, realm}, not a WWW-Authenticate style string",
    dialects: ["api"],
    breaks: ["auth.unauthenticated.challenge"],
    catchers: ["protocol.response-schema"],
    suites: ["auth"],
  },
  {
    name: "file-get-item-files-only",
    description: "file get knows only the item's files: a file added in the session answers not_found",
    dialects: both,
    breaks: ["file.get.returns-info"],
    catchers: ["lifecycle.file.list-and-get"],
  },
  {
    name: "list-returns-models",
    description: "list answers the session models instead of their identifiers",
    dialects: both,
    breaks: ["list.returns-ids"],
    catchers: ["lifecycle.list.includes-session", "protocol.response-schema"],
  },
  {
    name: "checksum-algorithm-hyphenated",
    description:
      "file list names the checksum algorithm of received files SHA-1 (WebCrypto's spelling), not SHA1",
    dialects: both,
    breaks: ["model.checksum-info.members"],
    catchers: ["protocol.response-schema"],
    suites: ["files"],
  },
  {
    name: "validation-without-empty-invalid-files",
    description: "validate leaves invalid_files out of its result when no file is invalid",
    dialects: both,
    breaks: ["model.validation-result.members"],
    catchers: ["protocol.response-schema"],
    suites: ["lifecycle"],
  },
  {
    name: "api-actions-as-subpaths",
    description:
      "api serves complete, cancel, fail and keep-alive as POST .../update-session/{id}/<action>, not ?action=<action>",
    dialects: ["api"],
    breaks: ["wire.api.paths"],
    catchers: ["lifecycle.complete.done", "expiry.keep-alive.extends"],
  },
  {
    name: "rest-session-path-without-id",
    description: "rest addresses a session as .../update-session/{id}, without the id: prefix",
    dialects: ["rest"],
    breaks: ["wire.rest.paths"],
    catchers: ["lifecycle.get.members", "lifecycle.complete.done"],
  },
  {
    name: "file-service-path-hyphenated",
    description:
      "rest serves the file service at .../item/update-session/file instead of .../item/updatesession/file",
    dialects: ["rest"],
    breaks: ["wire.file-service.paths"],
    catchers: ["lifecycle.file.add-push"],
  },
  {
    name: "api-requests-wrapped",
    description:
      "api create, update and file add read the spec from rest's wrapper (create_spec, update_spec, file_spec)",
    dialects: ["api"],
    breaks: ["wire.api.requests-bare"],
    catchers: ["lifecycle.create.returns-id"],
  },
  {
    name: "rest-requests-bare",
    description: "rest create, update and file add take the bare spec as the body, as api does",
    dialects: ["rest"],
    breaks: ["wire.rest.requests-wrapped"],
    catchers: ["lifecycle.create.returns-id"],
  },
  {
    name: "keep-alive-underscore",
    description: "the keep_alive action is spelled keep_alive (the operation's name) instead of keep-alive",
    dialects: both,
    breaks: ["wire.keep-alive-action-name"],
    catchers: ["expiry.keep-alive.extends"],
  },
  {
    name: "progress-server-computed",
    description:
      "until a client reports progress, client_progress is the share of added files received: 100 for a session without files",
    dialects: both,
    breaks: ["create.initial-progress-zero"],
    catchers: ["expiry.progress.starts-at-zero"],
  },
] as const satisfies readonly FaultDefinition[];

export type FaultName = (typeof faultTable)[number]["name"];

export const faultNames: readonly FaultName[] = faultTable.map((fault) => fault.name);

export class Faults {
  readonly #enabled: ReadonlySet<string>;

  /** Told every fault name the server asks about (see ReferenceServerOptions.onFaultAsked). */
  readonly #onAsked: ((name: string) => void) | undefined;

  constructor(names: readonly string[] = [], onAsked?: (name: string) => void) {
    this.#onAsked = onAsked;
    const known: readonly string[] = [...faultNames, ...choiceNames];
    const unknown = names.filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw new Error(`unknown fault(s) ${unknown.join(", ")} (known: ${known.join(", ")})`);
    }
    this.#enabled = new Set(names);
  }

  has(name: FaultName | ChoiceName): boolean {
    this.#onAsked?.(name);
    return this.#enabled.has(name);
  }

  /**
   * Whether someone is told each ask (onFaultAsked). When nobody is, the answers never change, so the
   * overrides of a point can be worked out once instead of on every request.
   */
  get watched(): boolean {
    return this.#onAsked !== undefined;
  }
}

/**
 * Documented choices: variants that do what the documents allow but the reference server does not do, the
 * way independent implementations differ. A target making one conforms, so `usc run` against it must pass
 * (exit 0, no fail): the check that owns the request (`owners`) skips, and no other check, the schema check
 * included, may fail over the same answer. Switched on like faults; not rows of the catch matrix, which
 * wants every variant to fail.
 */
export interface ChoiceDefinition {
  name: string;
  description: string;
  dialects: readonly FaultDialect[];
  /** The checks whose request the choice answers differently; each skips ("not offered"). */
  owners: readonly string[];
}

export const choiceTable = [
  {
    name: "action-forms-not-served",
    description:
      "rest serves none of the 2014 action forms (POST ...?~action=<op>, with the id in the path, the body or the query): 404 operation_not_found",
    dialects: ["rest"],
    owners: [
      "post-vs-get.get.id-action",
      "post-vs-get.get.body-action",
      "post-vs-get.list.id-action",
      "post-vs-get.list.body-action",
      "post-vs-get.file-list.id-action",
      "post-vs-get.file-list.body-action",
      "post-vs-get.complete.body-action",
      "post-vs-get.complete.query-form",
      "post-vs-get.fail.body-action",
      "post-vs-get.file-remove.body-action",
      "model.query-form.get",
    ],
  },
  {
    name: "pull-unsupported",
    description: "file add with source_type PULL answers 400 unsupported: the target offers no PULL",
    dialects: both,
    owners: ["model.pull.http", "model.pull.complete-then-poll"],
  },
] as const satisfies readonly ChoiceDefinition[];

export type ChoiceName = (typeof choiceTable)[number]["name"];

export const choiceNames: readonly ChoiceName[] = choiceTable.map((choice) => choice.name);
