import { defineSuiteCatalogue, type CheckIdOf } from "./registry.ts";

export const modelCatalogue = defineSuiteCatalogue({
  suite: "model",
  description:
    "What the models and specs mean beyond their shape: create spec members, result ids, fail, error bodies, other callers, add specs, OVF metadata files, upload and PULL forms.",
  checks: [
    {
      id: "model.create.output-fields-ignored",
      title:
        "create ignores id, state, client_progress, content version, expiration and error_message in its spec",
      level: "SHOULD",
      requirements: ["model.create-spec.output-fields-ignored"],
    },
    {
      id: "model.create.without-client-token",
      title: "create without client_token succeeds and get resolves the new session",
      level: "MUST",
      requirements: ["create.client-token.optional"],
    },
    {
      id: "model.get.id-is-own",
      title: "get may omit id; when it carries one, it is the identifier that was asked for",
      // E01: the documents disagree about id's presence, so the requirement is a SHOULD.
      level: "SHOULD",
      requirements: ["model.result.id-optional"],
    },
    {
      id: "model.fail.to-error",
      title: "fail of an ACTIVE session succeeds and get then shows ERROR (with the client's message)",
      level: "MUST",
      requirements: ["state.fail-to-error", "model.result.error-message-on-error"],
    },
    {
      id: "model.errors.messages-non-empty",
      title:
        "error bodies carry a non-empty messages array (not_found, invalid_argument, not_allowed_in_current_state)",
      level: "MUST",
      requirements: ["errors.messages-non-empty"],
    },
    {
      id: "model.auth.other-user-session-operations",
      title: "another authenticated user holding the session's id can call every session and file operation",
      // E49: inferred from "requires System.Anonymous" alone, so a SHOULD.
      level: "SHOULD",
      requirements: ["auth.session-operations-anonymous", "get.any-state"],
    },
    {
      id: "model.file-add.invalid-spec",
      title:
        "file add with a spec that breaks AddSpec (no name, no or unknown source_type, PULL without source_endpoint) fails with invalid_argument",
      level: "MUST",
      requirements: ["file.add.invalid-spec.invalid-argument", "model.add-spec.members"],
    },
    {
      id: "model.ovf.metadata-after-descriptor",
      title:
        "in an OVF item's session holding the descriptor, adding a manifest or a certificate fails with not_allowed_in_current_state",
      level: "MUST",
      requirements: ["file.add.ovf-metadata-order"],
    },
    {
      id: "model.ovf.metadata-not-kept",
      title: "a file with keep_in_storage false (the OVF manifest) is not in the item's files after complete",
      level: "MUST",
      requirements: ["file.add.metadata-not-kept", "get.any-state"],
    },
    {
      id: "model.upload.post",
      title: "the upload endpoint accepts the content sent with POST (reported, never failed)",
      level: "MAY",
      requirements: ["upload.post-accepted"],
    },
    {
      id: "model.query-form.get",
      title: "rest POST ...?~action=get&update_session_id=<id> answers what GET answers",
      level: "MAY",
      requirements: ["wire.post-get-equivalence.query-form"],
    },
    {
      id: "model.pull.http",
      title:
        "file add with source_type PULL from an http source: the file becomes READY with the source's bytes",
      level: "MAY",
      requirements: ["file.add.pull"],
    },
    {
      id: "model.pull.complete-then-poll",
      title:
        "complete of a PULL session, then get polled until the session leaves ACTIVE: DONE and the file is on the item",
      level: "MAY",
      requirements: ["complete.pull-may-return-early", "get.any-state"],
    },
  ],
});

/** The model suite's check ids: its body is spread over suites/model/, each part typed by these. */
export type ModelCheckId = CheckIdOf<typeof modelCatalogue>;
