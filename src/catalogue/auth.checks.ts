import type { CanonicalOperationId } from "../../spec/index.ts";
import { defineSuiteCatalogue } from "./registry.ts";

/**
 * Every update session and file operation: the id segment of its check (`key`, part of a stable check id),
 * its canonical name (`operation`, the spec's operationId, as client, pact and server call it) and how a
 * title names it.
 */
export const protectedOperations = [
  { key: "create", operation: "updateSession.create", label: "create" },
  { key: "get", operation: "updateSession.get", label: "get" },
  { key: "list", operation: "updateSession.list", label: "list" },
  { key: "update", operation: "updateSession.update", label: "update" },
  { key: "delete", operation: "updateSession.delete", label: "delete" },
  { key: "complete", operation: "updateSession.complete", label: "complete" },
  { key: "cancel", operation: "updateSession.cancel", label: "cancel" },
  { key: "fail", operation: "updateSession.fail", label: "fail" },
  { key: "keep-alive", operation: "updateSession.keepAlive", label: "keep_alive" },
  { key: "file-add", operation: "updateSession.file.add", label: "file add" },
  { key: "file-get", operation: "updateSession.file.get", label: "file get" },
  { key: "file-list", operation: "updateSession.file.list", label: "file list" },
  { key: "file-remove", operation: "updateSession.file.remove", label: "file remove" },
  { key: "file-validate", operation: "updateSession.file.validate", label: "file validate" },
] as const satisfies ReadonlyArray<{ key: string; operation: CanonicalOperationId; label: string }>;

const unauthenticated = protectedOperations.map(({ key, label }) => ({
  id: `auth.unauthenticated.${key}` as const,
  title: `${label} without a session, with a bogus token and with a logged-out token fails with 401 unauthenticated and changes nothing`,
  level: "MUST" as const,
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
    {
      id: "auth.privilege.pull-storage-unauthorized",
      title:
        "a PULL file add from a ds URI, by a user without ContentLibrary.ReadStorage on the item, fails with 403 unauthorized (skips where ds is refused as a scheme)",
      level: "MUST",
      requirements: ["file.add.pull-storage-privilege", "errors.unauthorized.403"],
    },
  ],
});
