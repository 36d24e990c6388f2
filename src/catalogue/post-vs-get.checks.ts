import { defineSuiteCatalogue } from "./registry.ts";

export const postVsGetCatalogue = defineSuiteCatalogue({
  suite: "post-vs-get",
  description:
    "The 2014 action forms of rest (POST id:{id}?~action=<op>, POST ?~action=<op> with the id in the body) answer what the canonical forms answer; rest and api show one model.",
  checks: [
    {
      id: "post-vs-get.get.id-action",
      title: "rest: POST .../id:{id}?~action=get answers the session GET .../id:{id} answers",
      level: "MAY",
      requirements: ["wire.post-get-equivalence.id-action"],
    },
    {
      id: "post-vs-get.get.body-action",
      title:
        'rest: POST ...?~action=get with {"update_session_id"} answers the session GET .../id:{id} answers',
      level: "MAY",
      requirements: ["wire.post-get-equivalence.body-action"],
    },
    {
      id: "post-vs-get.list.id-action",
      title:
        "rest: POST .../id:{library_item_id}?~action=list answers the ids GET ...?library_item_id= answers",
      level: "MAY",
      requirements: ["wire.post-get-equivalence.id-action"],
    },
    {
      id: "post-vs-get.list.body-action",
      title:
        'rest: POST ...?~action=list with {"library_item_id"} answers the ids GET ...?library_item_id= answers',
      level: "MAY",
      requirements: ["wire.post-get-equivalence.body-action"],
    },
    {
      id: "post-vs-get.file-list.id-action",
      title:
        "rest: POST .../file/id:{id}?~action=list answers the files GET .../file?update_session_id= answers",
      level: "MAY",
      requirements: ["wire.post-get-equivalence.id-action"],
    },
    {
      id: "post-vs-get.file-list.body-action",
      title:
        'rest: POST .../file?~action=list with {"update_session_id"} answers the files GET .../file answers',
      level: "MAY",
      requirements: ["wire.post-get-equivalence.body-action"],
    },
    {
      id: "post-vs-get.complete.body-action",
      title:
        'rest: POST ...?~action=complete with {"update_session_id"} completes the session as POST .../id:{id}?~action=complete does: DONE',
      level: "MAY",
      requirements: ["wire.post-get-equivalence.body-action", "get.any-state"],
    },
    {
      id: "post-vs-get.complete.query-form",
      title: "rest: POST ...?~action=complete&update_session_id=<id> completes the session: DONE",
      level: "MAY",
      requirements: ["wire.post-get-equivalence.query-form", "get.any-state"],
    },
    {
      id: "post-vs-get.fail.body-action",
      title:
        'rest: POST ...?~action=fail with {"update_session_id", "client_error_message"} fails the session: ERROR',
      level: "MAY",
      requirements: ["wire.post-get-equivalence.body-action", "get.any-state"],
    },
    {
      id: "post-vs-get.file-remove.body-action",
      title:
        'rest: POST .../file?~action=remove with {"update_session_id", "file_name"} removes the file from the session\'s file list',
      level: "MAY",
      requirements: ["wire.post-get-equivalence.body-action"],
    },
    {
      id: "post-vs-get.cross-dialect.same-model",
      title:
        "the same session and its files read through rest and api are the same model (modulo wrapping and maps)",
      level: "MUST",
      // Not the map encodings: the compared members hold no map (params appear only in messages), so
      // wire.rest.maps-as-arrays and wire.api.maps-as-objects are asserted by protocol.response-schema.
      requirements: ["get.returns-model", "file.list.all-files"],
    },
  ],
});
