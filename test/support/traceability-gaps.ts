/**
 * Requirements the reference server can show but no check tests yet, each with the check that would test
 * it. This list is a debt, not an exclusion: test/traceability.test.ts accepts an uncovered requirement
 * only when it is here or carries an `excluded:` reason in spec/requirements.yaml, and fails as soon as a
 * check covers one of these (take it off the list then). docs/traceability.md shows them as awaiting a check.
 */
export const awaitingChecks: Readonly<Record<string, string>> = {
  "auth.session-operations-anonymous":
    "the second user the run already knows (auth.list.caller-scope) calls get, keep_alive and file list on a session the main user created and succeeds; full strength needs a user holding only System.Anonymous",
  "complete.pull-may-return-early":
    "a PULL session (source served over http by the run itself): complete, poll get until the session leaves ACTIVE, then the file is on the item",
  "create.client-token.optional":
    "create without client_token succeeds (every create of the suites sends one)",
  "errors.messages-non-empty":
    "the error schemas of spec/openapi/*.yaml lack minItems: 1 on messages, so protocol.response-schema accepts []; adding it there (or asserting it in expectError) would test it",
  "file.add.invalid-spec.invalid-argument":
    "file add with an invalid spec (PULL without source_endpoint, an unknown source_type) fails with invalid_argument",
  "file.add.metadata-not-kept":
    "upload an OVF descriptor and a .mf manifest (keep_in_storage false), complete, and the item's file list lacks the manifest",
  "file.add.ovf-metadata-order":
    "in a session holding an .ovf descriptor, file add of a .mf manifest fails with not_allowed_in_current_state",
  "file.add.pull":
    "file add with source_type PULL from an http source the run serves: the file becomes READY with the source's bytes (MAY: skip when the target cannot reach the source)",
  "model.add-spec.members":
    "file add with specs that break AddSpec (no name, no source_type, PULL without source_endpoint) is refused with invalid_argument; the accepted shapes are already exercised",
  "model.create-spec.output-fields-ignored":
    "create with a spec that also sets id, state DONE, client_progress 50, library_item_content_version and expiration_time; get shows ACTIVE, 0 and the item's version",
  "model.result.id-optional":
    "lifecycle.get.members could assert that an id, when present, is the session's own identifier (the schema only sees a string)",
  "model.warning-behavior.members":
    "create or update with warning_behavior [{type, ignored}], then get returns the entries with both members (no run sets one, so every response carries [] and the schema sees no entry)",
  "model.warning-type.enum":
    "the warning_behavior round trip above: every WarningType is accepted and returned, an unknown one is refused",
  "preview.active-only":
    "get of the DONE, CANCELED and ERROR sessions wrong-state already makes carries no preview_info",
  "preview.certificate-unset-if-unsigned":
    "upload an unsigned .ovf descriptor: the AVAILABLE preview carries no certificate_info",
  "preview.not-applicable-on-complete":
    "after complete of a session without metadata files, a preview_info (if any) has state NOT_APPLICABLE",
  "preview.preparing-and-available":
    "add an .ovf descriptor: preview_info is PREPARING until it is uploaded and AVAILABLE after (MAY)",
  "preview.unavailable-without-metadata":
    "get of a new session without files: preview_info absent or UNAVAILABLE",
  "state.fail-to-error":
    "fail of an ACTIVE session succeeds and get then shows ERROR (wrong-state calls fail only as a set-up step, which blocks instead of failing)",
  "update.applies-warning-behavior":
    "update with warning_behavior on an ACTIVE session succeeds and get returns it (no run calls update on an ACTIVE session)",
  "update.incremental":
    "update with a spec that leaves warning_behavior unset keeps the session's warning_behavior",
  "update.invalid-spec.invalid-argument": "update with an unknown warning type fails with invalid_argument",
  "update.keeps-item-and-state":
    "update whose spec also carries another library_item_id and state DONE leaves both unchanged",
  "update.only-warning-behavior":
    "update whose spec also sets client_progress and expiration_time changes only warning_behavior",
  "upload.post-accepted": "upload a PUSH file with POST and report (MAY) whether the target accepts it",
  "wire.post-get-equivalence.query-form":
    "rest POST ...?~action=get&update_session_id=<id> answers what GET answers (MAY, skip when not served), like the other post-vs-get checks",
};
