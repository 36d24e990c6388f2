import { defineSuiteCatalogue } from "./registry.ts";

export const filesCatalogue = defineSuiteCatalogue({
  suite: "files",
  description:
    "The file service beyond the happy path: replacing a file, removing one, size and checksum mismatches, files never uploaded, cancel.",
  checks: [
    {
      id: "files.add.same-name-replaces",
      title: "file add with the name of a file already in the session replaces it: one entry, the new size",
      level: "MUST",
      requirements: [
        "file.add.same-name-replaces",
        "file.list.all-files",
        "file.get.returns-info",
        "upload.ready-after-transfer",
        "model.file-info.size-when-received",
      ],
    },
    {
      id: "files.remove.effective-at-completion",
      title: "a removed file stays on the item while the session is ACTIVE and is gone once it completes",
      level: "MUST",
      requirements: [
        "file.remove.effective-at-completion",
        "visibility.hidden-until-complete",
        "wire.file-service.paths",
      ],
    },
    {
      id: "files.remove.all-files-empty-item",
      title:
        "removing the item's only file empties the session's file list, and complete leaves the item with no files",
      level: "MUST",
      requirements: ["file.remove.all-files-empty-item"],
    },
    {
      id: "files.validate.size-mismatch",
      title: "more bytes than the declared size: validate reports the file and complete is refused",
      level: "MUST",
      requirements: [
        "file.validate.invalid-files",
        "model.validation-result.has-errors-consistent",
        "complete.files-not-received",
      ],
    },
    {
      id: "files.validate.checksum-mismatch",
      title:
        "content that does not match the declared checksum: the file is in ERROR, validate reports it, complete is refused",
      level: "MUST",
      requirements: [
        "file.add.checksum-verified",
        "file.validate.invalid-files",
        "model.validation-result.has-errors-consistent",
        "complete.files-not-received",
      ],
    },
    {
      id: "files.validate.unreceived-file",
      title:
        "validate of a session with a PUSH file never uploaded reports the file (or answers not_allowed_in_current_state)",
      level: "SHOULD",
      requirements: ["file.validate.unreceived-file", "model.validation-result.has-errors-consistent"],
    },
    {
      id: "files.complete.unreceived-file",
      title: "complete of a session with a PUSH file never uploaded fails with not_allowed_in_current_state",
      level: "MUST",
      requirements: ["complete.files-not-received", "errors.not-allowed-in-current-state.400"],
    },
    {
      id: "files.cancel.discards-content",
      title: "cancel discards what the session received: the item's files and content_version are unchanged",
      level: "MUST",
      requirements: [
        "cancel.discards-content",
        "state.cancel-to-canceled",
        "get.any-state",
        "wire.rest.paths",
        "wire.api.paths",
      ],
    },
    {
      id: "files.list.item-files-in-session",
      title: "in a session on an item that already has files, file list and file get show the item's files",
      level: "MUST",
      requirements: ["file.list.all-files", "file.get.returns-info"],
    },
    {
      id: "files.validate.keeps-active",
      title:
        "validate of a session with every file received leaves it ACTIVE with its files, and complete succeeds",
      level: "MUST",
      requirements: ["file.validate.keeps-active", "file.validate.clean-session"],
    },
    {
      id: "files.validate.missing-referenced-file",
      title:
        "validate of an OVF item's session whose descriptor references a file never added lists it in missing_files; once it is added and uploaded, validate is clean",
      level: "MUST",
      requirements: ["file.validate.missing-files", "model.validation-result.has-errors-consistent"],
    },
    {
      id: "files.upload.after-end",
      title:
        "bytes sent to an upload endpoint after complete, cancel or fail change neither the item's files nor its content_version",
      level: "MUST",
      requirements: ["upload.refused-after-end"],
    },
  ],
});
