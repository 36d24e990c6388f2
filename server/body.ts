import type { IncomingMessage } from "node:http";

/** Past this many discarded bytes an over-limit request is cut off instead of drained. */
const maxDrainBytes = 64 * 1024 * 1024;

export type BodyResult =
  { kind: "ok"; data: Buffer } | { kind: "too-large"; limit: number } | { kind: "aborted" };

/**
 * Reads a request body up to `limit` bytes. Over the limit it keeps reading and discarding (up to a cap)
 * rather than closing at once, so the client finishes sending and can read the error response.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    // A body that was already consumed (an upload that streamed it) has nothing left to read.
    if (request.readableEnded) {
      resolve({ kind: "ok", data: Buffer.alloc(0) });
      return;
    }
    const declared = Number(request.headers["content-length"] ?? "0");
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    request.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (received > limit + maxDrainBytes) request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () =>
      resolve(tooLarge ? { kind: "too-large", limit } : { kind: "ok", data: Buffer.concat(chunks) }),
    );
    request.on("error", () => resolve({ kind: "aborted" }));
    request.on("close", () => {
      if (!request.complete) resolve({ kind: "aborted" });
    });
  });
}

/** Discards whatever body a request has, so a response sent before reading it does not reset the connection. */
export async function drainBody(request: IncomingMessage): Promise<boolean> {
  return (await readBody(request, 0)).kind !== "aborted";
}
