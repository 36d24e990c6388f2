import { X509Certificate } from "node:crypto";
import { createServer as createHttpServer, type Server, type ServerOptions } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { createClientErrorListener, type ProtocolLimits } from "./client-errors.ts";
import { overridesOf } from "./deviations/index.ts";
import { Faults } from "./faults.ts";
export type { Clock } from "./state/clock.ts";
import { createRequestListener } from "./http.ts";
import { systemClock, type Clock } from "./state/clock.ts";
import { defaultLoginIdleTimeoutMs, Store } from "./state/store.ts";

export {
  choiceNames,
  choiceTable,
  faultNames,
  faultTable,
  type ChoiceDefinition,
  type ChoiceName,
  type FaultDefinition,
  type FaultName,
} from "./faults.ts";

/** The credentials `usc serve` and `startReferenceServer` accept when none are given. */
export const defaultCredentials = { username: "administrator@vsphere.local", password: "VMware1!" } as const;

/** The documented default inactivity timeout of an update session: five minutes. */
export const defaultIdleTimeoutSeconds = 300;

/** The request line and headers of one request may not be larger than this (Node's default, pinned). */
export const maxHeaderBytes = 16 * 1024;

/** A client has this long to send a request's line and headers (slowloris), Node's default. */
export const defaultHeadersTimeoutSeconds = 60;

/** A client has this long to send a whole request, body (uploads too) included, Node's default. */
export const defaultRequestTimeoutSeconds = 300;

/** How long an unused login session (token) lives: vCenter's default, 30 minutes. */
export const defaultLoginIdleTimeoutSeconds = defaultLoginIdleTimeoutMs / 1000;

export interface ReferenceServerOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; default 0, which picks a free one (read it from `url`). */
  port?: number;
  /** The login user; default administrator@vsphere.local. */
  username?: string;
  /** The login password; default VMware1!. */
  password?: string;
  /** Seconds without activity after which an ACTIVE update session expires; default 300. */
  idleTimeoutSeconds?: number;
  /**
   * Sessions on items whose name contains `nameIncludes` expire after `idleTimeoutSeconds` instead. For
   * test runs: the expiry checks watch their own items' sessions expire within seconds, while every other
   * session keeps the long timeout, so a slow moment on a loaded machine cannot expire it mid-check.
   */
  shortIdleItems?: { nameIncludes: string; idleTimeoutSeconds: number };
  /**
   * Seconds a login session (a `vmware-api-session-id` token) may go unused before it is forgotten and
   * answers unauthenticated; default 1800, as on vCenter. Keeps a long-lived server's memory bounded.
   */
  loginIdleTimeoutSeconds?: number;
  /** Seconds a client has to send a request's line and headers before it gets 408; default 60. */
  headersTimeoutSeconds?: number;
  /**
   * Seconds a client has to send a whole request, body included (an upload too), before it gets 408;
   * default 300. At least `headersTimeoutSeconds`.
   */
  requestTimeoutSeconds?: number;
  /** Serve HTTPS with this certificate and key (PEM) instead of HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * More users besides the main one (who holds every privilege), for example to show that list returns only
   * the caller's sessions. `privileges`, when given, is all the user holds: without
   * `ContentLibrary.UpdateSession` create (and a filtered list) answer unauthorized.
   */
  users?: Array<{ username: string; password: string; privileges?: string[] }>;
  /**
   * Named deviations from the documents (server/faults.ts, `usc serve --list-faults`), for proving checks
   * fire; an unknown name throws.
   */
  faults?: string[];
  /**
   * Called with each fault name the server asks about while it answers. A fault changes behaviour only
   * where it is asked about, so a fault never asked about while some traffic was served cannot change that
   * traffic's answers (the pact self-test uses this to pick the faults worth verifying).
   */
  onFaultAsked?: (name: string) => void;
  /**
   * Where the server reads the time: idle expiry, expiration_time and the Date header follow it. Default
   * the system clock; a test harness may pass one it moves forward, to watch sessions expire without waiting.
   */
  clock?: Clock;
}

export interface ReferenceServerHandle {
  /** `http(s)://host:port` without a trailing slash. */
  url: string;
  /** Stops listening, ends open connections and background transfers. */
  close(): Promise<void>;
}

function checkOptions(options: ReferenceServerOptions): void {
  const { port } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${port}`);
  }
  for (const name of [
    "idleTimeoutSeconds",
    "loginIdleTimeoutSeconds",
    "headersTimeoutSeconds",
    "requestTimeoutSeconds",
  ] as const) {
    const seconds = options[name];
    if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) {
      throw new RangeError(`${name} must be a positive number, got ${seconds}`);
    }
  }
  const short = options.shortIdleItems;
  if (short !== undefined) {
    if (short.nameIncludes === "") throw new RangeError("shortIdleItems.nameIncludes must not be empty");
    if (!(Number.isFinite(short.idleTimeoutSeconds) && short.idleTimeoutSeconds > 0))
      throw new RangeError(
        `shortIdleItems.idleTimeoutSeconds must be a positive number, got ${short.idleTimeoutSeconds}`,
      );
  }
  const { headersTimeoutMs, requestTimeoutMs } = protocolLimits(options);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new RangeError(
      `headersTimeoutSeconds (${headersTimeoutMs / 1000}) must not exceed requestTimeoutSeconds (${requestTimeoutMs / 1000})`,
    );
  }
}

function protocolLimits(options: ReferenceServerOptions): ProtocolLimits {
  return {
    maxHeaderBytes,
    headersTimeoutMs: (options.headersTimeoutSeconds ?? defaultHeadersTimeoutSeconds) * 1000,
    requestTimeoutMs: (options.requestTimeoutSeconds ?? defaultRequestTimeoutSeconds) * 1000,
  };
}

/** The node:http settings behind the limits server/README.md documents. */
function serverOptions(limits: ProtocolLimits): ServerOptions {
  return {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Node looks for overdue requests on this interval: a quarter of the headers time-out, at most 5 s,
    // bounds how late a 408 comes.
    connectionsCheckingInterval: Math.min(limits.headersTimeoutMs / 4, 5000),
    // Answered by the request listener instead, with a JSON body.
    requireHostHeader: false,
  };
}

/** SHA-1 thumbprint of the server certificate, as TransferEndpoint.ssl_certificate_thumbprint announces it. */
function thumbprintOf(cert: string | Buffer): string | undefined {
  try {
    return new X509Certificate(cert).fingerprint;
  } catch {
    return undefined;
  }
}

function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Starts the reference implementation of the update session API (both dialects, one shared state) and
 * resolves once it listens.
 */
export async function startReferenceServer(
  options: ReferenceServerOptions = {},
): Promise<ReferenceServerHandle> {
  checkOptions(options);
  const host = options.host ?? "127.0.0.1";
  const idleTimeoutMs = (options.idleTimeoutSeconds ?? defaultIdleTimeoutSeconds) * 1000;
  // One set of overrides for the operations, the wire and the store's expiry (server/deviations/).
  const overrides = overridesOf(new Faults(options.faults, options.onFaultAsked));
  const store = new Store({
    clock: options.clock ?? systemClock,
    idleTimeoutMs,
    ...(options.shortIdleItems === undefined
      ? {}
      : {
          shortIdleItems: {
            nameIncludes: options.shortIdleItems.nameIncludes,
            idleTimeoutMs: options.shortIdleItems.idleTimeoutSeconds * 1000,
          },
        }),
    loginIdleTimeoutMs: (options.loginIdleTimeoutSeconds ?? defaultLoginIdleTimeoutSeconds) * 1000,
    overrides,
    users: [
      {
        username: options.username ?? defaultCredentials.username,
        password: options.password ?? defaultCredentials.password,
        privileges: undefined,
      },
      ...(options.users ?? []).map((user) => ({
        username: user.username,
        password: user.password,
        privileges: user.privileges && new Set(user.privileges),
      })),
    ],
  });
  const shutdown = new AbortController();
  let url = "";
  const listener = createRequestListener({
    store,
    overrides,
    baseUrl: () => url,
    tlsThumbprint: options.tls && thumbprintOf(options.tls.cert),
    shutdown: shutdown.signal,
  });
  const limits = protocolLimits(options);
  const server: Server = options.tls
    ? createHttpsServer({ ...serverOptions(limits), cert: options.tls.cert, key: options.tls.key }, listener)
    : createHttpServer(serverOptions(limits), listener);
  server.on("clientError", createClientErrorListener(limits));
  // Node closes an idle kept-alive connection after 5 s, close to the 4 s a client like undici keeps it:
  // on a loaded machine a request can be written just as the server closes it, and is reset. A minute
  // (announced in the Keep-Alive header) leaves the client's own idle timer to end connections first.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `${options.tls ? "https" : "http"}://${urlHost(host)}:${port}`;
  // Purges ended sessions and idle logins between requests; lookups apply expiry themselves, so timing
  // never changes answers.
  const sweeper = setInterval(
    () => store.sweep(),
    Math.min(store.retentionMs, store.loginIdleTimeoutMs, 30_000),
  );
  sweeper.unref();
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        clearInterval(sweeper);
        shutdown.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
