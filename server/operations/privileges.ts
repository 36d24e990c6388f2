import type { OperationContext } from "./context.ts";
import { failure } from "./errors.ts";
import { overridable } from "./overridable.ts";

/** The privilege create (and a list filtered by item) needs on the library item (S002, DOC-API-LATEST list). */
export const updateSessionPrivilege = "ContentLibrary.UpdateSession";

/** Unauthorized (403) unless the calling user holds the privilege; users without a privilege list hold all. */
export const requirePrivilege = overridable(
  "authorization.privilege",
  (context: OperationContext, privilege: string, itemId: string): void => {
    const privileges = context.store.users.get(context.user)?.privileges;
    if (privileges === undefined || privileges.has(privilege)) return;
    throw failure(
      "unauthorized",
      "authorization.missing_privilege",
      `The user ${context.user} lacks the privilege ${privilege} on the library item ${itemId}.`,
      context.user,
      privilege,
      itemId,
    );
  },
);
