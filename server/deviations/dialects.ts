import { apiLogin, apiSpec } from "../dialects/api.ts";
import { actionForm, restSpec } from "../dialects/rest.ts";
import { readObject } from "../operations/decode.ts";
import type { WireReply } from "../dialects/route.ts";
import { loginRefused } from "../operations/auth.ts";
import { after, around, instead, type Hook } from "./hooks.ts";

/** The overrides of the faults in one dialect's own routes: the rest 2014 action forms, api login. */

/** What a 2014 action form of one operation answers instead of what its canonical form answers. */
function actionFormOf(operationId: string, rewrite: (reply: WireReply) => WireReply): Hook {
  return after(actionForm, (reply, _context, asked) => (asked === operationId ? rewrite(reply) : reply));
}

/** Complete, fail and file remove in the body form answer success and do nothing. */
const ignoredInBodyForm = ["updateSession.complete", "updateSession.fail", "updateSession.file.remove"];

/** The member rest wraps each spec in. */
const restWrapper: Readonly<Record<string, string>> = {
  "updateSession.create": "create_spec",
  "updateSession.update": "update_spec",
  "updateSession.file.add": "file_spec",
};

export const dialectHooks = {
  "body-action-forms-ignored": around(actionForm, (next, context, operationId, form, request, handle) =>
    form === "bodyAction" && ignoredInBodyForm.includes(operationId)
      ? { status: 200 }
      : next(context, operationId, form, request, handle),
  ),
  "action-list-empty": actionFormOf("updateSession.list", () => ({ status: 200, body: { value: [] } })),
  "action-get-empty": actionFormOf("updateSession.get", () => ({ status: 200 })),
  "action-get-different": actionFormOf("updateSession.get", (reply) => {
    const { value } = reply.body as { value: { state: string } };
    return { status: reply.status, body: { value: { ...value, state: String(value.state).toLowerCase() } } };
  }),
  // The session's files are never looked up: an unknown session answers an empty list too.
  "action-file-list-empty": around(actionForm, (next, context, operationId, form, request, handle) =>
    operationId === "updateSession.file.list"
      ? { status: 200, body: { value: [] } }
      : next(context, operationId, form, request, handle),
  ),
  "api-login-refused": instead(apiLogin, () => {
    throw loginRefused();
  }),

  // rest's request parsing shared with api: the spec is read from rest's wrapper member.
  "api-requests-wrapped": instead(
    apiSpec,
    (_context, operationId, request) =>
      readObject(request.body, "request body")[restWrapper[operationId] ?? "spec"],
  ),
  // api's bare bodies accepted in rest: the whole body is taken as the spec, the wrapper ignored.
  "rest-requests-bare": instead(restSpec, (_context, request) => request.body),
} as const;
