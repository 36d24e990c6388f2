/**
 * The one HTTP transport all traffic goes through, login included. Each call yields an Exchange (a response,
 * or a network problem in words), bounded in time and size, with every secret already redacted.
 */
import { performance } from "node:perf_hooks";
import type { Exchange } from "./exchange.ts";
import { proxyFromEnv, type ProxySettings } from "../config/proxy.ts";
import { requestCapped, type PendingRequest } from "./capped-request.ts";
import { createDispatcher, proxyFor } from "./dispatcher.ts";
import { describeNetworkError, timeoutMessage } from "./network-error.ts";
import { redactorFor, type Redactor } from "./redact.ts";

export const defaultMaxBodyBytes = 8 * 1024 * 1024;
const closeGraceMs = 1_000;

export interface TransportOptions {
  insecure: boolean;
  /** PEM file of extra CAs to trust (on top of the system's). */
  caFile?: string | undefined;
  /** Bound on each exchange, from connecting to the last body byte. */
  timeoutMs: number;
  /** Secrets known to the caller (password, session token); asked for at each exchange. */
  secrets?: (() => string[]) | undefined;
  /** Default: from the process environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY). */
  proxy?: ProxySettings | undefined;
  /** Bodies over this are not read; the exchange becomes a network error. Default 8 MiB. */
  maxBodyBytes?: number | undefined;
}

export interface TransportRequest {
  method: string;
  url: string;
  headers?: Record<string, string> | undefined;
  body?: string | Uint8Array | undefined;
  /** The spec operation id, kept in the Exchange for validation and reports. */
  operationId?: string | undefined;
  /**
   * Secrets this response carries (a login response carries the session token), extracted from the raw body
   * before it is stored. Login responses are also recognised without it (see loginTokenOf).
   */
  responseSecrets?: ((body: string) => string[]) | undefined;
  /** Ends the exchange at once when aborted (the user interrupted the run); it comes back as a network error. */
  signal?: AbortSignal | undefined;
}

export interface Transport {
  /** Never rejects for network problems: they come back as `networkError`. */
  send(request: TransportRequest): Promise<Exchange>;
  /** Closes connections; bounded, so a hung peer cannot stall the end of a run. */
  close(): Promise<void>;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function formatBytes(bytes: number): string {
  const mib = 1024 * 1024;
  if (bytes % mib === 0) return `${bytes / mib} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

const utf8 = new TextDecoder("utf-8");
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function requestBodyText(body: string | Uint8Array | undefined): string | undefined {
  if (body === undefined || typeof body === "string") return body;
  try {
    return strictUtf8.decode(body);
  } catch {
    return `<binary body: ${body.byteLength} bytes>`;
  }
}

/** The credentials inside a Basic authorization header, so the password is redacted wherever it shows up. */
function basicCredentials(headers: Record<string, string>): string[] {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== "authorization") continue;
    const encoded = /^Basic\s+(\S+)/i.exec(value)?.[1];
    if (encoded === undefined) continue;
    const decoded = Buffer.from(encoded, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon === -1 ? [encoded] : [encoded, decoded.slice(colon + 1)];
  }
  return [];
}

function sessionHeaderValues(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name]) => name.toLowerCase() === "vmware-api-session-id")
    .map(([, value]) => value);
}

/** A login: Basic credentials sent to a `.../session` path (`/api/session`, `/rest/com/vmware/cis/session`). */
function isLogin(url: string, headers: Record<string, string>): boolean {
  if (basicCredentials(headers).length === 0) return false;
  try {
    return /\/session\/?$/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/**
 * The token in a successful login response: `"token"` (api dialect) or `{"value": "token"}` (rest dialect).
 * Recognised in any 2xx answer to a login, so a forgotten `responseSecrets` cannot leak the token into a
 * report.
 */
export function loginTokenOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "string") return parsed;
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      "value" in parsed &&
      typeof parsed.value === "string"
    ) {
      return parsed.value;
    }
  } catch {
    // Not JSON: not a login token.
  }
  return undefined;
}

interface ExchangeParts {
  call: TransportRequest;
  headers: Record<string, string>;
  started: number;
  redact: Redactor;
}

/** The only place an Exchange is built, so nothing leaves the transport unredacted. */
function buildExchange(
  parts: ExchangeParts,
  response: RawResponse | undefined,
  networkError?: string,
): Exchange {
  const { call, headers, redact } = parts;
  const requestBody = requestBodyText(call.body);
  return {
    operationId: call.operationId,
    request: {
      method: call.method,
      url: redact.text(call.url),
      headers: redact.headers(headers),
      body: requestBody === undefined ? undefined : redact.text(requestBody),
    },
    response:
      response === undefined
        ? undefined
        : {
            status: response.status,
            headers: redact.headers(response.headers),
            body: redact.text(response.body),
          },
    networkError: networkError === undefined ? undefined : redact.text(networkError),
    durationMs: Math.round(performance.now() - parts.started),
  };
}

function extractSecrets(call: TransportRequest, body: string): string[] {
  try {
    return call.responseSecrets?.(body) ?? [];
  } catch {
    // A body the extractor did not expect (an error page): the login heuristic below still applies.
    return [];
  }
}

/**
 * One running exchange and how it ended. A class, and the caller's abort listener an object (its
 * handleEvent), rather than closures made for each request: a run sends thousands, and the closures (named,
 * under tsx, at every creation) were a visible share of the transport's own time.
 */
class InFlight {
  ended = false;
  timedOut = false;
  readonly pending: PendingRequest;
  readonly #signal: AbortSignal | undefined;

  constructor(pending: PendingRequest, signal: AbortSignal | undefined) {
    this.pending = pending;
    this.#signal = signal;
  }

  end(reason: Error): void {
    this.ended = true;
    this.pending.abort(reason);
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    this.end(this.#signal?.reason as Error);
  }
}

/** The time bound of an exchange passed. */
function timeOut(running: InFlight): void {
  running.timedOut = true;
  running.end(new Error("timed out"));
}

/**
 * Throws only for configuration mistakes caught earlier by src/config (an unreadable --ca-file, a proxy
 * variable that is not a URL); never for anything the network does.
 */
export function createTransport(options: TransportOptions): Transport {
  const proxy = options.proxy ?? proxyFromEnv(process.env);
  const dispatcher = createDispatcher({
    insecure: options.insecure,
    caFile: options.caFile,
    timeoutMs: options.timeoutMs,
    proxy,
  });
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  // Secrets seen on the wire (session tokens, passwords in Basic headers, login tokens), kept for the
  // transport's life: a later response may echo any of them.
  const learned = new Set<string>();
  const learn = (found: readonly string[]) => found.forEach((secret) => secret !== "" && learned.add(secret));
  // The redactor for the secrets known now, made again only when they change: the caller's list is the same
  // array while it holds the same secrets (see SuiteEnvironment), and `learned` only grows.
  let known: { given: readonly string[] | undefined; learnedSize: number; redact: Redactor } | undefined;
  const redaction = (): Redactor => {
    const given = options.secrets?.();
    if (known === undefined || known.given !== given || known.learnedSize !== learned.size)
      known = { given, learnedSize: learned.size, redact: redactorFor([...(given ?? []), ...learned]) };
    return known.redact;
  };
  /** The running exchanges, so close() can end them. */
  const inFlight = new Set<InFlight>();

  async function send(call: TransportRequest): Promise<Exchange> {
    const started = performance.now();
    const headers = call.headers ?? {};
    learn([...basicCredentials(headers), ...sessionHeaderValues(headers)]);
    // The exchange is dispatched at once; its time bound, close() and the caller's signal each end it
    // through its own abort. No AbortController per request, nor AbortSignal.timeout plus AbortSignal.any:
    // building those per request was a visible share of a run's CPU profile.
    const running = new InFlight(dispatch(call, headers), call.signal);
    const timer = setTimeout(timeOut, options.timeoutMs, running);
    if (call.signal?.aborted === true) running.handleEvent();
    else call.signal?.addEventListener("abort", running, { once: true });
    inFlight.add(running);
    try {
      const outcome = await exchange(call, headers, running);
      if (typeof outcome === "string") {
        const message = running.timedOut
          ? timeoutMessage(options.timeoutMs)
          : call.signal?.aborted === true
            ? "interrupted: the answer was not awaited"
            : outcome;
        return buildExchange({ call, headers, started, redact: redaction() }, undefined, message);
      }
      learn(outcome.secrets);
      return buildExchange({ call, headers, started, redact: redaction() }, outcome.response);
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener("abort", running);
      inFlight.delete(running);
    }
  }

  function dispatch(call: TransportRequest, headers: Record<string, string>): PendingRequest {
    return requestCapped(
      dispatcher,
      {
        url: call.url,
        method: call.method,
        headers,
        body: call.body ?? null,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      },
      maxBodyBytes,
    );
  }

  /** The raw response and the secrets it carries, or why there is none. */
  async function exchange(
    call: TransportRequest,
    headers: Record<string, string>,
    running: InFlight,
  ): Promise<{ response: RawResponse; secrets: string[] } | string> {
    let status: number;
    let responseHeaders: RawResponse["headers"];
    let raw: Buffer | "too-big";
    try {
      ({ status, headers: responseHeaders, body: raw } = await running.pending.response);
    } catch (error) {
      // Aborted by the time bound (send() words that), by close() or by the caller.
      if (running.ended) return "transport closed before a response";
      return describeNetworkError(error, {
        url: call.url,
        timeoutMs: options.timeoutMs,
        timedOut: false,
        proxyHostPort: proxyFor(call.url, proxy),
      });
    }
    if (raw === "too-big") return `response body over ${formatBytes(maxBodyBytes)}`;
    const body = utf8.decode(raw);
    const found = extractSecrets(call, body);
    if (status >= 200 && status < 300 && isLogin(call.url, headers)) {
      const token = loginTokenOf(body);
      if (token !== undefined) found.push(token);
    }
    return { response: { status, headers: responseHeaders, body }, secrets: found };
  }

  /** Lets running exchanges finish for a moment, then aborts them, so closing never waits on a hung peer. */
  async function close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), closeGraceMs);
    });
    const outcome = await Promise.race([dispatcher.close().then(() => "closed" as const), grace]);
    clearTimeout(timer);
    if (outcome === "late") {
      for (const running of inFlight) running.end(new Error("transport closed"));
      await dispatcher.destroy();
    }
  }

  return { send, close };
}
