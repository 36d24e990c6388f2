import type { IncomingMessage, ServerResponse } from "node:http";
import { apiDialect } from "./dialects/api.ts";
import { defaultErrorStatus } from "./dialects/error-types.ts";
import { authenticate } from "./operations/auth.ts";
import { failure, notFound, OperationError, type ErrorKind } from "./operations/errors.ts";
import { TransferSink } from "./operations/transfers.ts";
import type { Faults } from "./faults.ts";
import type { StateContext } from "./operations/context.ts";
import type { LocalizableMessage, SessionFile, UpdateSession } from "./state/model.ts";
import type { Store } from "./state/store.ts";
import { drainBody, readBody } from "./body.ts";

/** upload-after-end-applied reads at most this much of a late upload. */
const maxLateUpload = 1024 * 1024;
import { sendEmpty, sendJson } from "./respond.ts";

/**
 * The PUSH upload endpoint handed out by file add: `/usc-upload/<session id>/<file name>`. Accepts PUT, as
 * the documents describe, and POST, which the official Python sample sends. Requires the session header.
 * Not part of either dialect, so its errors use the bare `api` error shape.
 */
export async function handleUpload(
  request: IncomingMessage,
  response: ServerResponse,
  server: StateContext & { faults: Faults },
  pathname: string,
): Promise<void> {
  const { store, faults } = server;
  const refuse = async (
    kind: ErrorKind,
    messages: LocalizableMessage[],
    headers: Record<string, string> = {},
  ) => {
    await drainBody(request);
    sendJson(response, defaultErrorStatus[kind], apiDialect.errorBody(kind, messages), headers);
  };
  const [sessionId, fileName] = decodeParts(pathname);
  try {
    authenticate(store, headerText(request, "vmware-api-session-id"));
    if (request.method !== "PUT" && request.method !== "POST") {
      await refuse("operation_not_found", [message("upload.method", "Upload with PUT (or POST).")], {
        allow: "PUT, POST",
      });
      return;
    }
    // upload-put-refused: an upload endpoint written for POST alone.
    if (request.method === "PUT" && faults.has("upload-put-refused")) {
      await drainBody(request);
      const refusal = message("upload.method", "Upload with POST.");
      sendJson(response, 405, apiDialect.errorBody("operation_not_found", [refusal]), { allow: "POST" });
      return;
    }
    const session = sessionId === undefined ? undefined : store.updateSession(sessionId);
    if (session === undefined || fileName === undefined) throw notFound("update session", sessionId ?? "");
    const file = session.files.get(fileName);
    if (file === undefined) throw notFound("session file", fileName);
    if (file.sourceType !== "PUSH") {
      throw failure(
        "invalid_argument",
        "upload.not_push",
        `The file ${fileName} was not added with source type PUSH.`,
      );
    }
    if (session.state === "DONE" && faults.has("upload-after-end-applied")) {
      // The late bytes land on the item as if the session were still taking them.
      const body = await readBody(request, maxLateUpload);
      if (body.kind !== "ok") return;
      Object.assign(file, { size: body.data.length, status: "READY" });
      writeThrough(store, session, file);
      sendEmpty(response, 200);
      return;
    }
    if (session.state !== "ACTIVE") {
      throw failure(
        "not_allowed_in_current_state",
        "upload.not_active",
        `The update session ${session.id} is ${session.state}; it takes no more uploads.`,
      );
    }
    if (request.method === "POST" && faults.has("upload-post-ignored")) {
      await drainBody(request);
      sendEmpty(response, 200);
      return;
    }
    const sink = new TransferSink(server, session, file);
    const outcome = await receive(request, sink);
    if (outcome === "aborted") return;
    const error = sink.errorMessage;
    if (error !== undefined) {
      sendJson(response, 400, apiDialect.errorBody("invalid_argument", [error]));
    } else if (sink.receivedContent && file.status === "READY") {
      if (faults.has("visible-before-complete")) writeThrough(store, session, file);
      sendEmpty(response, 200);
    } else {
      await refuse("not_allowed_in_current_state", [
        message(
          "upload.superseded",
          "The transfer was superseded: another upload to the file started, the file was added again or removed, or the session ended.",
        ),
      ]);
    }
  } catch (error) {
    if (!(error instanceof OperationError)) throw error;
    await refuse(error.kind, error.messages);
  }
}

/** How much an upload may keep sending after the server stopped accepting its bytes. */
const maxDiscardBytes = 64 * 1024 * 1024;

function receive(request: IncomingMessage, sink: TransferSink): Promise<"done" | "aborted"> {
  return new Promise((resolve) => {
    let accepting = true;
    let discarded = 0;
    request.on("data", (chunk: Buffer) => {
      if (accepting) accepting = sink.write(chunk);
      // Bytes past a refused chunk are drained so the client can read the answer, but not without end.
      else if ((discarded += chunk.length) > maxDiscardBytes) request.destroy();
    });
    request.on("end", () => {
      if (accepting) sink.finish();
      resolve("done");
    });
    request.on("close", () => {
      if (request.complete) return;
      sink.fail("upload.interrupted", "The upload connection closed before all bytes arrived.");
      resolve("aborted");
    });
  });
}

function decodeParts(pathname: string): [string | undefined, string | undefined] {
  const parts = pathname.split("/").slice(2);
  if (parts.length !== 2) return [undefined, undefined];
  try {
    return [decodeURIComponent(parts[0] ?? ""), decodeURIComponent(parts[1] ?? "")];
  } catch {
    return [undefined, undefined];
  }
}

function headerText(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The visible-before-complete fault: a received file goes straight into the item, a new content version. */
function writeThrough(store: Store, session: UpdateSession, file: SessionFile): void {
  const item = store.items.get(session.itemId);
  if (item === undefined) return;
  item.contentVersion += 1;
  const { name, size = 0, sha1 = "" } = file;
  item.files.set(name, { name, size, sha1, version: item.contentVersion });
}

function message(id: string, text: string): LocalizableMessage {
  return { id: `usc.reference.${id}`, default_message: text, args: [] };
}
