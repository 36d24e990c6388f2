/**
 * The one undici dispatcher a transport uses for its whole life, passed explicitly with every request (never
 * installed globally: that would also change Node's global fetch for everything else in the process).
 */
import { readFileSync, statSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { Agent, EnvHttpProxyAgent, interceptors, type Dispatcher } from "undici";
import { usesProxy, type ProxySettings } from "../config/proxy.ts";

export interface DispatcherOptions {
  insecure: boolean;
  caFile: string | undefined;
  timeoutMs: number;
  proxy: ProxySettings;
}

function trustedCertificates(caFile: string | undefined): string[] | undefined {
  if (caFile === undefined) return undefined;
  // The extra CAs come on top of the system's, so a target behind a public CA keeps working with --ca-file.
  return [...rootCertificates, readFileSync(caFile, "utf8")];
}

/**
 * A kept-alive connection the server closed just as a request was written on it resets that request: a
 * race of the two sides' idle timers, not an answer of the target. A GET or HEAD that meets it is sent once
 * more, on a fresh connection. Nothing else is retried: other methods may have taken effect, and a status
 * code or a timeout is the target's answer and goes to the checks as it is.
 */
const retryResetReads = interceptors.retry({
  maxRetries: 1,
  methods: ["GET", "HEAD"],
  errorCodes: ["ECONNRESET", "UND_ERR_SOCKET"],
  statusCodes: [],
  minTimeout: 0,
  retryAfter: false,
});

/**
 * Only reads go through the retry interceptor: for any other method it could never retry, yet it
 * wrapped every exchange in its handler and made an error object for every answer from 300 up.
 */
const retryReadsOnly: Dispatcher.DispatcherComposeInterceptor = (dispatch) => {
  const retrying = retryResetReads(dispatch);
  return (options, handler) =>
    options.method === "GET" || options.method === "HEAD"
      ? retrying(options, handler)
      : dispatch(options, handler);
};

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  return createAgent(options).compose(retryReadsOnly);
}

function createAgent(options: DispatcherOptions): Dispatcher {
  if (options.caFile !== undefined && !statSync(options.caFile).isFile()) {
    throw new Error(`--ca-file ${options.caFile} is not a file`);
  }
  const ca = trustedCertificates(options.caFile);
  const tls = { rejectUnauthorized: !options.insecure, ...(ca === undefined ? {} : { ca }) };
  const common = {
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connect: { ...tls, timeout: options.timeoutMs },
  };
  if (!usesProxy(options.proxy)) return new Agent(common);
  // Through a proxy the target's TLS is negotiated inside the CONNECT tunnel: that is `requestTls`, and it
  // needs the same --insecure / --ca-file treatment as a direct connection. Empty strings (not undefined)
  // stop undici from reading process.env behind our back.
  return new EnvHttpProxyAgent({
    ...common,
    requestTls: tls,
    httpProxy: options.proxy.httpProxy ?? "",
    httpsProxy: options.proxy.httpsProxy ?? "",
    noProxy: options.proxy.noProxy ?? "",
  });
}

/** host:port of the proxy a URL would go through, for error messages; undefined when it goes direct. */
export function proxyFor(url: string, proxy: ProxySettings): string | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  const chosen = target.protocol === "https:" ? proxy.httpsProxy || proxy.httpProxy : proxy.httpProxy;
  if (!chosen) return undefined;
  const port = Number(target.port) || (target.protocol === "https:" ? 443 : 80);
  const host = target.hostname.toLowerCase();
  for (const entry of (proxy.noProxy ?? "").split(/[,\s]/)) {
    if (entry === "") continue;
    if (entry === "*") return undefined;
    const match = /^(.+):(\d+)$/.exec(entry);
    const entryHost = (match?.[1] ?? entry).replace(/^\*?\./, "").toLowerCase();
    if (match?.[2] !== undefined && Number(match[2]) !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return undefined;
  }
  try {
    const proxyUrl = new URL(chosen);
    return `${proxyUrl.hostname}:${proxyUrl.port || (proxyUrl.protocol === "https:" ? "443" : "80")}`;
  } catch {
    return undefined;
  }
}
