/**
 * One HTTP exchange dispatched straight to an undici dispatcher, its body collected into one buffer up to a
 * bound. undici's `request()` wraps the same dispatch in a Readable body stream, an AbortSignal listener
 * and an async resource; reading every body whole through those was about a third of the client's CPU
 * in a profile of `usc run` (about 2,800 exchanges). The errors are undici's own, as `request()` gives
 * them: the dispatch, its time bounds and its retry interceptor are the same.
 */
import { errors, type Dispatcher } from "undici";

export interface CappedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
  headersTimeout: number;
  bodyTimeout: number;
}

export interface CappedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body, or "too-big" once it passed the bound (the exchange is then aborted). */
  body: Buffer | "too-big";
}

export interface PendingRequest {
  readonly response: Promise<CappedResponse>;
  /** Ends the exchange: the response rejects with `reason` unless it is already complete. */
  abort(reason: Error): void;
}

/** What a handler's controller offers that is used here (undici's DispatchController). */
interface Controller {
  abort(reason: Error): void;
}

/** Origin and path as undici's `request()` derives them, with its refusal of other protocols. */
function target(url: string): { origin: string; path: string } {
  const parsed = new URL(url);
  if (!/^https?:/.test(parsed.origin || parsed.protocol)) {
    throw new errors.InvalidArgumentError(
      "Invalid URL protocol: the URL must start with `http:` or `https:`.",
    );
  }
  return {
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
  };
}

export function requestCapped(
  dispatcher: Dispatcher,
  request: CappedRequest,
  maxBodyBytes: number,
): PendingRequest {
  let controller: Controller | undefined;
  let abortedWith: Error | undefined;
  let settled = false;
  const response = new Promise<CappedResponse>((resolve, reject) => {
    let status = 0;
    let headers: CappedResponse["headers"] = {};
    let chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (abortedWith !== undefined) started.abort(abortedWith);
      },
      onResponseStart(_controller, statusCode, responseHeaders) {
        // Informational answers (1xx) are not the response, as request() also skips them.
        if (statusCode < 200) return;
        status = statusCode;
        headers = responseHeaders;
        chunks = [];
        size = 0;
      },
      onResponseData(started, chunk) {
        if (settled) return;
        size += chunk.byteLength;
        if (size > maxBodyBytes) {
          settled = true;
          resolve({ status, headers, body: "too-big" });
          started.abort(new Error("response body over the bound"));
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        settled = true;
        resolve({
          status,
          headers,
          body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
        });
      },
      onResponseError(_controller, error) {
        fail(error);
      },
    };
    try {
      if (request.method === "CONNECT") throw new errors.InvalidArgumentError("invalid method");
      dispatcher.dispatch(
        {
          ...target(request.url),
          method: request.method,
          headers: request.headers,
          body: request.body,
          headersTimeout: request.headersTimeout,
          bodyTimeout: request.bodyTimeout,
        },
        handler,
      );
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return {
    response,
    abort(reason) {
      if (settled || abortedWith !== undefined) return;
      abortedWith = reason;
      if (controller === undefined) return;
      controller.abort(reason);
    },
  };
}
