import { readBody, drainBody } from "../body.ts";
import type { SessionFile, UpdateSession } from "../state/session-records.ts";
import type { Store } from "../state/store.ts";
import { receiveUpload, uploadMethodRefusal, type UploadOutcome } from "../upload.ts";
import { after, around } from "./hooks.ts";

/** The overrides of the upload endpoint's faults: methods taken, late uploads, bytes written through. */

/** upload-after-end-applied reads at most this much of a late upload. */
const maxLateUpload = 1024 * 1024;

/** A received file goes straight into the item, a new content version, as if the session had completed. */
function writeThrough(store: Store, session: UpdateSession, file: SessionFile): void {
  const item = store.items.get(session.itemId);
  if (item === undefined) return;
  item.contentVersion += 1;
  const { name, size = 0, sha1 = "" } = file;
  item.files.set(name, { name, size, sha1, version: item.contentVersion });
}

export const uploadHooks = {
  // An upload endpoint written for POST alone.
  "upload-put-refused": around(uploadMethodRefusal, (next, context, method) =>
    method === "PUT" ? { status: 405, allow: "POST", text: "Upload with POST." } : next(context, method),
  ),
  // The late bytes of a completed session land on the item as if the session were still taking them.
  "upload-after-end-applied": around(
    receiveUpload,
    async (next, context, request, session, file): Promise<UploadOutcome> => {
      if (session.state !== "DONE") return next(context, request, session, file);
      const body = await readBody(request, maxLateUpload);
      if (body.kind !== "ok") return { kind: "aborted" };
      Object.assign(file, { size: body.data.length, status: "READY" });
      writeThrough(context.store, session, file);
      return { kind: "ready" };
    },
  ),
  "upload-post-ignored": around(
    receiveUpload,
    async (next, context, request, session, file): Promise<UploadOutcome> => {
      if (session.state !== "ACTIVE" || request.method !== "POST")
        return next(context, request, session, file);
      await drainBody(request);
      return { kind: "ready" };
    },
  ),
  "visible-before-complete": after(receiveUpload, async (outcome, context, _request, session, file) => {
    const received = await outcome;
    if (received.kind === "ready") writeThrough(context.store, session, file);
    return received;
  }),
} as const;
