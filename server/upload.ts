import type { IncomingMessage, ServerResponse } from "node:http";
import { apiDialect } from "./dialects/api.ts";
import { defaultErrorStatus } from "./dialects/error-types.ts";
import { authenticate } from "./operations/auth.ts";
import { failure, notFound, OperationError, type ErrorKind } from "./operations/errors.ts";
import { TransferSink } from "./operations/transfers.ts";
import type { StateContext } from "./operations/context.ts";
import type { LocalizableMessage } from "./state/model.ts";
import type { SessionFile, UpdateSession } from "./state/session-records.ts";
import { drainBody } from "./body.ts";
import { overridable } from "./operations/overridable.ts";
import { sendEmpty, sendJson } from "./respond.ts";

/** How an upload ended: READY, refused with the reason, overtaken by another transfer, or cut off. */
export type UploadOutcome =
  | { kind: "ready" }
  | { kind: "failed"; error: LocalizableMessage }
  | { kind: "superseded" }
  | { kind: "aborted" };

/** How an upload's method is refused: the status, the methods taken instead, the message. */
export interface MethodRefusal {
  status: number;
  allow: string;
  text: string;
}

/** Why an upload's method is refused, if it is: PUT (documented) and POST (the Python sample) are taken. */
export const uploadMethodRefusal = overridable(
  "upload.method",
  (_context: StateContext, method: string | undefined): MethodRefusal | undefined =>
    method === "PUT" || method === "POST"
      ? undefined
      : {
          status: defaultErrorStatus.operation_not_found,
          allow: "PUT, POST",
          text: "Upload with PUT (or POST).",
        },
);

/**
 * Receives a PUSH file's bytes into an ACTIVE session. The file is verified at the end (size, checksum)
 * and waits in the session until complete writes it to the item.
 */
export const receiveUpload = overridable(
  "upload.receive",
  async (
    context: StateContext,
    request: IncomingMessage,
    session: UpdateSession,
    file: SessionFile,
  ): Promise<UploadOutcome> => {
    if (session.state !== "ACTIVE") {
      throw failure(
        "not_allowed_in_current_state",
        "upload.not_active",
        `The update session ${session.id} is ${session.state}; it takes no more uploads.`,
      );
    }
    const sink = new TransferSink(context, session, file);
    if ((await receive(request, sink)) === "aborted") return { kind: "aborted" };
    const error = sink.errorMessage;
    if (error !== undefined) return { kind: "failed", error };
    return sink.receivedContent && file.status === "READY" ? { kind: "ready" } : { kind: "superseded" };
  },
);

/**
 * The PUSH upload endpoint handed out by file add: `/usc-upload/<session id>/<file name>`. Accepts PUT, as
 * the documents describe, and POST, which the official Python sample sends. Requires the session header.
 * Not part of either dialect, so its errors use the bare `api` error shape.
 */
export async function handleUpload(
  request: IncomingMessage,
  response: ServerResponse,
  context: StateContext,
  pathname: string,
): Promise<void> {
  const { store } = context;
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
    const refusal = uploadMethodRefusal(context, request.method);
    if (refusal !== undefined) {
      await drainBody(request);
      const body = apiDialect.errorBody("operation_not_found", [message("upload.method", refusal.text)]);
      sendJson(response, refusal.status, body, { allow: refusal.allow });
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
    const outcome = await receiveUpload(context, request, session, file);
    if (outcome.kind === "ready") sendEmpty(response, 200);
    else if (outcome.kind === "failed")
      sendJson(response, 400, apiDialect.errorBody("invalid_argument", [outcome.error]));
    else if (outcome.kind === "superseded")
      await refuse("not_allowed_in_current_state", [
        message(
          "upload.superseded",
          "The transfer was superseded: another upload to the file started, the file was added again or removed, or the session ended.",
        ),
      ]);
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

export function message(id: string, text: string): LocalizableMessage {
  return { id: `usc.reference.${id}`, default_message: text, args: [] };
}
