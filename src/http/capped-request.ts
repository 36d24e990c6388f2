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

interface Target {
  readonly origin: string;
  readonly path: string;
}

/**
 * Targets of the URLs sent lately: a run sends the same URL many times (a session's get, its files, its
 * actions), and parsing each one again was about a tenth of the client's own time. Cleared when full, so
 * it stays small whatever a run sends.
 */
const targets = new Map<string, Target>();
const maxTargets = 512;

/** Origin and path as undici's `request()` derives them, with its refusal of other protocols. */
function target(url: string): Target {
  const known = targets.get(url);
  if (known !== undefined) return known;
  const parsed = parseTarget(url);
  if (targets.size >= maxTargets) targets.clear();
  targets.set(url, parsed);
  return parsed;
}

function parseTarget(url: string): Target {
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

/**
 * Collects one response. A class rather than closures: a run makes thousands of these, and the handler's
 * methods are then shared instead of made (and, under tsx, named) for each exchange.
 */
class CappedHandler implements Dispatcher.DispatchHandler, PendingRequest {
  readonly response: Promise<CappedResponse>;
  #resolve!: (response: CappedResponse) => void;
  #reject!: (error: Error) => void;
  readonly #maxBodyBytes: number;
  #controller: Controller | undefined;
  #abortedWith: Error | undefined;
  #settled = false;
  #status = 0;
  #headers: CappedResponse["headers"] = {};
  #chunks: Buffer[] = [];
  #size = 0;

  constructor(maxBodyBytes: number) {
    this.#maxBodyBytes = maxBodyBytes;
    this.response = new Promise<CappedResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  abort(reason: Error): void {
    if (this.#settled || this.#abortedWith !== undefined) return;
    this.#abortedWith = reason;
    this.#controller?.abort(reason);
  }

  fail(error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#reject(error);
  }

  onRequestStart(controller: Controller): void {
    this.#controller = controller;
    if (this.#abortedWith !== undefined) controller.abort(this.#abortedWith);
  }

  onResponseStart(_controller: Controller, statusCode: number, headers: CappedResponse["headers"]): void {
    // Informational answers (1xx) are not the response, as request() also skips them.
    if (statusCode < 200) return;
    this.#status = statusCode;
    this.#headers = headers;
    this.#chunks = [];
    this.#size = 0;
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.#settled) return;
    this.#size += chunk.byteLength;
    if (this.#size > this.#maxBodyBytes) {
      this.#settled = true;
      this.#resolve({ status: this.#status, headers: this.#headers, body: "too-big" });
      controller.abort(new Error("response body over the bound"));
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    this.#settled = true;
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    this.#resolve({ status: this.#status, headers: this.#headers, body });
  }

  onResponseError(_controller: Controller, error: Error): void {
    this.fail(error);
  }
}

export function requestCapped(
  dispatcher: Dispatcher,
  request: CappedRequest,
  maxBodyBytes: number,
): PendingRequest {
  const handler = new CappedHandler(maxBodyBytes);
  try {
    if (request.method === "CONNECT") throw new errors.InvalidArgumentError("invalid method");
    const { origin, path } = target(request.url);
    dispatcher.dispatch(
      {
        origin,
        path,
        method: request.method,
        headers: request.headers,
        body: request.body,
        headersTimeout: request.headersTimeout,
        bodyTimeout: request.bodyTimeout,
      },
      handler,
    );
  } catch (error) {
    handler.fail(error instanceof Error ? error : new Error(String(error)));
  }
  return handler;
}
