import { defineSuiteCatalogue } from "./registry.ts";

export const lifecycleCatalogue = defineSuiteCatalogue({
  suite: "lifecycle",
  description:
    "One update session from create to delete: members, files, upload, validate, visibility, complete.",
  checks: [
    {
      id: "lifecycle.create.returns-id",
      title: "create answers with the new session's identifier, and the new session is ACTIVE",
      level: "MUST",
      requirements: [
        "create.returns-id",
        "state.initial-active",
        "get.any-state",
        "wire.rest.requests-wrapped",
        "wire.api.requests-bare",
      ],
    },
    {
      id: "lifecycle.get.members",
      title: "get shows the documented members with their documented meaning",
      level: "MUST",
      requirements: [
        "get.returns-model",
        "model.result.always-present-members",
        "create.initial-progress-zero",
        "create.content-version-snapshot",
        "create.expiration-in-future",
        "wire.rest.paths",
        "wire.api.paths",
      ],
    },
    {
      id: "lifecycle.list.includes-session",
      title: "list shows the session, unfiltered and filtered by its item",
      level: "MUST",
      requirements: ["list.returns-ids", "list.unfiltered-includes-own", "list.filter-by-item"],
    },
    {
      id: "lifecycle.file.add-push",
      title: "file add (PUSH) answers with an upload endpoint, waiting for transfer",
      level: "MUST",
      requirements: [
        "file.add.push-upload-endpoint",
        "file.add.push-waiting-for-transfer",
        "wire.file-service.paths",
        "wire.rest.requests-wrapped",
        "wire.api.requests-bare",
      ],
    },
    {
      id: "lifecycle.upload.ready",
      title:
        "after the bytes are uploaded, one file get shows the file READY with bytes_transferred and size both the number of bytes sent",
      level: "MUST",
      requirements: ["upload.push-put", "upload.ready-after-transfer", "model.file-info.size-when-received"],
    },
    {
      id: "lifecycle.file.list-and-get",
      title: "file list and file get show the added file",
      level: "MUST",
      requirements: [
        "file.list.all-files",
        "file.get.returns-info",
        "wire.file-service.paths",
        "wire.rest.requests-wrapped",
      ],
    },
    {
      id: "lifecycle.validate.clean",
      title: "validate reports no errors for a fully received file",
      level: "MUST",
      requirements: ["file.validate.clean-session", "wire.file-service.paths"],
    },
    {
      id: "lifecycle.invisible-before-complete",
      title: "before complete the item's files and content_version are unchanged",
      level: "MUST",
      requirements: ["visibility.hidden-until-complete"],
    },
    {
      id: "lifecycle.complete.done",
      title: "complete succeeds and the session is DONE",
      level: "MUST",
      requirements: [
        "state.complete-to-done",
        "complete.push-visible-on-return",
        "wire.rest.paths",
        "wire.api.paths",
        "get.any-state",
      ],
    },
    {
      id: "lifecycle.visible-after-complete",
      title: "after complete the item lists the uploaded file",
      level: "MUST",
      requirements: ["complete.push-visible-on-return"],
    },
    {
      id: "lifecycle.content-version-increases",
      title: "after complete the item's content_version is greater than before the session",
      level: "SHOULD",
      requirements: ["visibility.content-version-increases"],
    },
    {
      id: "lifecycle.delete.after-done",
      title: "a DONE session can be deleted",
      level: "MUST",
      requirements: [
        "delete.terminal-allowed",
        "delete.removes-session",
        "wire.rest.paths",
        "wire.api.paths",
        "get.any-state",
      ],
    },
    {
      id: "lifecycle.get.after-delete",
      title: "get of a deleted session answers not_found",
      level: "MUST",
      requirements: ["delete.removes-session", "errors.unknown-session.not-found"],
    },
    {
      id: "lifecycle.list.filter-excludes-other-items",
      title: "list filtered by one item leaves out the session of another item",
      level: "MUST",
      requirements: ["list.filter-by-item", "list.returns-ids"],
    },
    {
      id: "lifecycle.delete.after-canceled-or-error",
      title: "a CANCELED and an ERROR session can be deleted, and get answers not_found afterwards",
      level: "MUST",
      requirements: ["delete.terminal-allowed", "delete.removes-session", "get.any-state"],
    },
    {
      id: "lifecycle.expiration.default-five-minutes",
      title:
        "right after create, expiration_time is about five minutes after the response's Date (the default idle timeout)",
      level: "SHOULD",
      requirements: ["expiry.default-five-minutes"],
    },
  ],
});
