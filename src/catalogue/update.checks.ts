import { defineSuiteCatalogue } from "./registry.ts";

export const updateCatalogue = defineSuiteCatalogue({
  suite: "update",
  description:
    "update on an ACTIVE session: warning_behavior applied and returned, incremental, nothing else changed, invalid specs refused.",
  checks: [
    {
      id: "update.warning-behavior.applied",
      title: "update sets warning_behavior on an ACTIVE session and get returns it, type and ignored",
      level: "MUST",
      requirements: ["update.applies-warning-behavior", "model.warning-behavior.members"],
    },
    {
      id: "update.warning-behavior.every-type",
      title: "every WarningType is accepted by create and update and returned by get",
      level: "MUST",
      requirements: [
        "model.warning-type.enum",
        "model.warning-behavior.members",
        "update.applies-warning-behavior",
      ],
    },
    {
      id: "update.invalid-spec.unknown-warning-type",
      title: "update with an unknown warning type fails with invalid_argument and changes nothing",
      level: "MUST",
      requirements: ["update.invalid-spec.invalid-argument", "model.warning-type.enum"],
    },
    {
      id: "update.incremental.unset-kept",
      title: "update with a spec that leaves warning_behavior unset keeps the session's warning_behavior",
      level: "MUST",
      requirements: ["update.incremental"],
    },
    {
      id: "update.keeps-item-and-state",
      title: "update whose spec carries another library_item_id and state DONE changes neither",
      level: "MUST",
      requirements: ["update.keeps-item-and-state"],
    },
    {
      id: "update.only-warning-behavior",
      title: "update whose spec also sets client_progress and expiration_time changes only warning_behavior",
      level: "MUST",
      requirements: ["update.only-warning-behavior"],
    },
  ],
});
