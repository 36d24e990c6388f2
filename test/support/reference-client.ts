import { fetch, type Dispatcher } from "undici";
import { matchOperation, validateResponse, type Dialect, type Finding } from "../../spec/index.ts";
import { validateAgainstSchema } from "../../spec/validate-response.ts";

/**
 * The one way the server self-tests talk to the reference server. Every request and its response are
 * recorded, so validating every response against the spec happens in one place (`ExchangeLog.findings`).
 */

export interface Exchange {
  method: string;
  /** Path and query as sent, for the operation lookup. */
  pathAndQuery: string;
  status: number;
  bodyText: string;
  headers: Record<string, string>;
  /**
   * The request deliberately names no documented operation (an unknown route or action, the upload
   * endpoint): the response must still be a 4xx error in the dialect's shape, or an empty 2xx for uploads.
   */
  offSpec: boolean;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body, or undefined when it is empty or not JSON. */
  json: unknown;
}

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent exactly as given (malformed JSON, upload bytes); an async iterable streams. */
  rawBody?: string | Uint8Array | AsyncIterable<Uint8Array>;
  headers?: Record<string, string>;
  /** Overrides the client's session token; null sends none. */
  token?: string | null;
  offSpec?: boolean;
}

export interface ExchangeFindings {
  exchange: Exchange;
  findings: Finding[];
}

/** The documented operation a request addresses (the most specific template wins, see matchOperation). */
function operationIdFor(dialect: Dialect, method: string, pathAndQuery: string): string | undefined {
  return matchOperation(dialect, method, pathAndQuery)?.operation.operationId;
}

function dialectOf(pathAndQuery: string): Dialect | undefined {
  if (pathAndQuery.startsWith("/rest/")) return "rest";
  if (pathAndQuery.startsWith("/api/")) return "api";
  return undefined;
}

/** An off-spec response: a 4xx error body of the dialect (uploads use the api shape), or an empty 2xx upload answer. */
function offSpecFindings(exchange: Exchange): Finding[] {
  const dialect = dialectOf(exchange.pathAndQuery) ?? "api";
  const isUpload = exchange.pathAndQuery.startsWith("/usc-upload/");
  if (isUpload && exchange.status >= 200 && exchange.status < 300) {
    return exchange.bodyText === ""
      ? []
      : [
          {
            code: "unexpected-body",
            path: "$",
            expected: "an empty body",
            actual: exchange.bodyText,
            message: "upload success carries a body",
          },
        ];
  }
  if (exchange.status < 400 || exchange.status >= 500) {
    return [
      {
        code: "undocumented-status",
        path: "$",
        expected: "a 4xx status",
        actual: `status ${exchange.status}`,
        message: `$: expected a 4xx status for a request no operation documents, got ${exchange.status}`,
      },
    ];
  }
  let body: unknown;
  try {
    body = JSON.parse(exchange.bodyText);
  } catch {
    return [
      {
        code: "invalid-json",
        path: "$",
        expected: "a JSON error body",
        actual: exchange.bodyText,
        message: "not JSON",
      },
    ];
  }
  return validateAgainstSchema(dialect, { $ref: "#/components/schemas/Error.Any" }, body);
}

function validateOnSpec(dialect: Dialect, exchange: Exchange): Finding[] {
  const operationId = operationIdFor(dialect, exchange.method, exchange.pathAndQuery);
  if (operationId === undefined) {
    const request = `${exchange.method} ${exchange.pathAndQuery}`;
    return [
      {
        code: "unknown-operation",
        path: "$",
        expected: "a documented operation",
        actual: request,
        message: `no operation for ${request}`,
      },
    ];
  }
  return validateResponse(dialect, operationId, exchange.status, exchange.bodyText, exchange.headers);
}

export interface KnownFinding {
  /** Matches `METHOD pathAndQuery` of the exchange. */
  request: RegExp;
  status: number;
  code: Finding["code"];
  /** Why this is the spec's problem, not the server's: reported, and kept until the spec is fixed. */
  because: string;
}

export class ExchangeLog {
  readonly exchanges: Exchange[] = [];

  /** Every exchange with its findings; exchanges without findings are left out. */
  findings(): ExchangeFindings[] {
    const result: ExchangeFindings[] = [];
    for (const exchange of this.exchanges) {
      const dialect = dialectOf(exchange.pathAndQuery);
      const findings =
        exchange.offSpec || dialect === undefined
          ? offSpecFindings(exchange)
          : validateOnSpec(dialect, exchange);
      if (findings.length > 0) result.push({ exchange, findings });
    }
    return result;
  }

  /**
   * Findings not explained by a known spec problem, plus known problems that no longer occur (so the list
   * cannot go stale), each as one readable line.
   */
  unexplained(known: KnownFinding[] = []): string[] {
    const lines: string[] = [];
    const used = new Set<KnownFinding>();
    for (const { exchange, findings } of this.findings()) {
      const request = `${exchange.method} ${exchange.pathAndQuery}`;
      for (const finding of findings) {
        const explanation = known.find(
          (entry) =>
            entry.request.test(request) && entry.status === exchange.status && entry.code === finding.code,
        );
        if (explanation !== undefined) {
          used.add(explanation);
          continue;
        }
        lines.push(`${request} -> ${exchange.status}: [${finding.code}] ${finding.message}`);
      }
    }
    for (const entry of known) {
      if (!used.has(entry))
        lines.push(`known finding no longer occurs: ${String(entry.request)} ${entry.status} ${entry.code}`);
    }
    return lines;
  }
}

export class ReferenceClient {
  readonly baseUrl: string;
  readonly log: ExchangeLog;
  token: string | undefined;
  readonly #dispatcher: Dispatcher | undefined;

  constructor(baseUrl: string, log: ExchangeLog, dispatcher?: Dispatcher) {
    this.baseUrl = baseUrl;
    this.log = log;
    this.#dispatcher = dispatcher;
  }

  /** A client for the same server and log with its own session token. */
  fork(token?: string): ReferenceClient {
    const client = new ReferenceClient(this.baseUrl, this.log, this.#dispatcher);
    client.token = token;
    return client;
  }

  /** Sends a request to a path of the server, or to an absolute URI it handed out (an upload endpoint). */
  async request(method: string, pathOrUri: string, options: RequestOptions = {}): Promise<Reply> {
    const url = new URL(pathOrUri, this.baseUrl);
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token !== null && token !== undefined) headers["vmware-api-session-id"] = token;
    let body: string | Uint8Array | AsyncIterable<Uint8Array> | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body, duplex: "half" as const }),
      ...(this.#dispatcher === undefined ? {} : { dispatcher: this.#dispatcher }),
    });
    const text = await response.text();
    const responseHeaders = Object.fromEntries(response.headers.entries());
    const pathAndQuery = `${url.pathname}${url.search}`;
    this.log.exchanges.push({
      method,
      pathAndQuery,
      status: response.status,
      bodyText: text,
      headers: responseHeaders,
      offSpec: options.offSpec ?? pathAndQuery.startsWith("/usc-upload/"),
    });
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: responseHeaders, text, json };
  }

  /** Logs in with HTTP Basic in the dialect's way and keeps the token for later requests. */
  async login(dialect: Dialect, username: string, password: string): Promise<string> {
    const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    const reply = await this.request(
      "POST",
      dialect === "rest" ? "/rest/com/vmware/cis/session" : "/api/session",
      {
        headers: { authorization },
        token: null,
      },
    );
    const token = dialect === "rest" ? (reply.json as { value?: unknown } | undefined)?.value : reply.json;
    if (typeof token !== "string")
      throw new Error(`login as ${username} failed: ${reply.status} ${reply.text}`);
    this.token = token;
    return token;
  }
}
