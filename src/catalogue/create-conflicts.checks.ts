import { defineSuiteCatalogue } from "./registry.ts";

export const createConflictsCatalogue = defineSuiteCatalogue({
  suite: "create-conflicts",
  description:
    "create against the one-active-session rule, client tokens, invalid specs, unknown and subscribed items, and a burst of concurrent creates.",
  checks: [
    {
      id: "create-conflicts.second-create.resource-busy",
      title: "a second create on an item with an ACTIVE session fails with resource_busy and creates nothing",
      level: "MUST",
      requirements: [
        "create.one-active-session-per-item",
        "errors.resource-busy.status",
        "list.filter-by-item",
      ],
    },
    {
      id: "create-conflicts.after-ended.allowed",
      title: "once the item's session has ended (DONE, CANCELED or ERROR), create on the same item succeeds",
      level: "MUST",
      // The session is ended as a set-up step; the state each ending reaches is asserted elsewhere
      // (state.cancel-to-canceled by files.cancel.discards-content).
      requirements: ["create.after-terminal-allowed"],
    },
    {
      id: "create-conflicts.client-token.idempotent",
      title: "repeating create with the same client_token returns the same session and creates nothing new",
      level: "SHOULD",
      // The token only works where the dialect carries it: the rest body, the api query.
      requirements: [
        "create.client-token.idempotent",
        "wire.rest.requests-wrapped",
        "wire.api.requests-bare",
      ],
    },
    {
      id: "create-conflicts.client-token.not-uuid",
      title: "a client_token that is not a UUID is rejected with invalid_argument",
      level: "MUST",
      requirements: ["create.client-token.not-uuid", "errors.invalid-argument.400"],
    },
    {
      id: "create-conflicts.missing-item-id.invalid-argument",
      title: "a create spec without library_item_id is rejected with invalid_argument",
      level: "MUST",
      requirements: ["model.create-spec.library-item-id-required", "create.invalid-spec.invalid-argument"],
    },
    {
      id: "create-conflicts.unknown-item.not-found",
      title: "create on a library item that does not exist fails with not_found",
      level: "MUST",
      requirements: ["create.unknown-item.not-found", "errors.not-found.404"],
    },
    {
      id: "create-conflicts.wrong-resource-type.refused",
      title:
        "create whose library_item_id is a library's or an update session's identifier is refused (not_found or invalid_argument)",
      level: "MUST",
      requirements: ["create.item-id-resource-type"],
    },
    {
      id: "create-conflicts.subscribed-item.invalid-element-type",
      title: "create on an item of a subscribed library fails with invalid_element_type",
      level: "MUST",
      requirements: ["create.subscribed-item.invalid-element-type", "errors.invalid-argument.400"],
    },
    {
      id: "create-conflicts.concurrent-creates.one-session",
      title: "20 concurrent creates on one item: exactly one succeeds, the others fail with resource_busy",
      level: "MUST",
      requirements: [
        "create.one-active-session-per-item",
        "errors.resource-busy.status",
        "list.filter-by-item",
      ],
    },
  ],
});
