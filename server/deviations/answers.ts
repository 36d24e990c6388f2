import { successReply } from "../http.ts";
import { notFound } from "../operations/errors.ts";
import { getFile, listFiles, validateFiles } from "../operations/session-files.ts";
import { findUpdateSession, listUpdateSessions } from "../operations/update-sessions.ts";
import { updateSessionView } from "../operations/views.ts";
import { readString } from "../operations/decode.ts";
import { after, around } from "./hooks.ts";

/** The overrides of the faults in what list, file get, file list, validate and get answer. */

export const answerHooks = {
  // The documents' "snapshot of the library item" read literally: files added in the session are unknown.
  "file-get-item-files-only": around(getFile, (next, context, sessionId, nameValue) => {
    const name = readString(nameValue, "file_name");
    const file = findUpdateSession(context, sessionId).files.get(name);
    if (file !== undefined && file.sourceType !== "NONE") throw notFound("session file", name);
    return next(context, sessionId, nameValue);
  }),
  // The session models, as newer list operations answer, instead of their identifiers.
  "list-returns-models": after(
    listUpdateSessions,
    (ids, context) =>
      ids.map((id) => {
        const session = context.store.updateSession(id);
        return session === undefined ? id : updateSessionView(context, session);
      }) as unknown as string[],
  ),
  // The algorithm's name as WebCrypto spells it.
  "checksum-algorithm-hyphenated": after(listFiles, (views) =>
    views.map((view) => {
      const info = view.checksum_info as { algorithm?: unknown } | undefined;
      return info?.algorithm === "SHA1" ? { ...view, checksum_info: { ...info, algorithm: "SHA-1" } } : view;
    }),
  ),
  "validation-without-empty-invalid-files": after(validateFiles, (result) => {
    const { invalid_files: invalid, ...rest } = result as { invalid_files?: unknown[] };
    return (invalid?.length ?? 0) === 0 ? rest : result;
  }),
  // Progress worked out by the server until a client reports one: the share of files received, all of none.
  "progress-server-computed": after(updateSessionView, (view, _context, session) => {
    if (view.client_progress !== 0) return view;
    const files = [...session.files.values()].filter((file) => file.sourceType !== "NONE");
    const received = files.filter((file) => file.status === "READY").length;
    return {
      ...view,
      client_progress: files.length === 0 ? 100 : Math.floor((received * 100) / files.length),
    };
  }),
  // A rest façade that lists the item's files, not those the session added (api lists both).
  "rest-file-list-item-only": after(successReply, (reply, _context, dialect, route) => {
    if (dialect.name !== "rest" || route.operationId !== "updateSession.file.list") return reply;
    const { value } = reply.body as { value: Array<{ source_type?: unknown }> };
    return { status: reply.status, body: { value: value.filter((file) => file.source_type === "NONE") } };
  }),
} as const;
