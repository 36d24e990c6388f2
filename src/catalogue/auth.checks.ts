import type { CheckDefinition } from "./definition.ts";
import { defineSuiteCatalogue } from "./registry.ts";

/** Every update session and file operation: the id segment of its check and how a title names it. */
export const protectedOperations = [
  { key: "create", label: "create" },
  { key: "get", label: "get" },
  { key: "list", label: "list" },
  { key: "update", label: "update" },
  { key: "delete", label: "delete" },
  { key: "complete", label: "complete" },
  { key: "cancel", label: "cancel" },
  { key: "fail", label: "fail" },
  { key: "keep-alive", label: "keep_alive" },
  { key: "file-add", label: "file add" },
  { key: "file-get", label: "file get" },
  { key: "file-list", label: "file list" },
  { key: "file-remove", label: "file remove" },
  { key: "file-validate", label: "file validate" },
] as const;

const unauthenticated: CheckDefinition[] = protectedOperations.map(({ key, label }) => ({
  id: `auth.unauthenticated.${key}`,
  title: `${label} without a session, with a bogus token and with a logged-out token fails with 401 unauthenticated and changes nothing`,
  level: "MUST",
  requirements: ["auth.unauthenticated.401", "auth.session-header", "auth.logout-invalidates"],
}));

export const authCatalogue = defineSuiteCatalogue({
  suite: "auth",
  description:
    "Authentication on every update session and file operation (no session, bogus token, logged-out token), list isolation between users, and the ContentLibrary.UpdateSession privilege of create and a filtered list.",
  checks: [
    ...unauthenticated,
    {
      id: "auth.list.caller-scope",
      title: "list shows the caller's own sessions and not those another user created, both ways",
      level: "MUST",
      requirements: ["list.caller-scope", "list.unfiltered-includes-own"],
    },
    {
      id: "auth.privilege.create-unauthorized",
      title:
        "create by a user without ContentLibrary.UpdateSession on the item fails with 403 unauthorized and creates no session",
      level: "MUST",
      requirements: ["auth.create-privilege", "errors.unauthorized.403"],
    },
    {
      id: "auth.privilege.list-unauthorized",
      title:
        "list filtered by an item, by a user without ContentLibrary.UpdateSession on it, fails with 403 unauthorized",
      level: "SHOULD",
      requirements: ["auth.list-privilege", "errors.unauthorized.403"],
    },
  ],
});
