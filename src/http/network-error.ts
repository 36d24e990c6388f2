/**
 * Turns whatever undici or Node threw into one sentence a user can act on. Matching is by error code, looked
 * for along the `cause` chain and inside AggregateErrors (happy eyeballs tries several addresses).
 */

export interface ErrorContext {
  url: string;
  timeoutMs: number;
  /** The request's own time bound fired. */
  timedOut: boolean;
  /** host:port of the proxy in use for this request, if any, so a refusal can say it was the proxy. */
  proxyHostPort: string | undefined;
}

interface CodedError {
  code?: unknown;
  message?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  host?: unknown;
  name?: unknown;
}

function collect(error: unknown, into: CodedError[], depth = 0): CodedError[] {
  if (depth > 5 || typeof error !== "object" || error === null) return into;
  const coded = error as CodedError & { cause?: unknown; errors?: unknown };
  into.push(coded);
  if (Array.isArray(coded.errors)) for (const inner of coded.errors) collect(inner, into, depth + 1);
  collect(coded.cause, into, depth + 1);
  return into;
}

const tlsUnknownIssuer = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
]);

function endpoint(candidate: CodedError, url: URL): string {
  if (typeof candidate.address === "string" && typeof candidate.port === "number") {
    const address = candidate.address.includes(":") ? `[${candidate.address}]` : candidate.address;
    return `${address}:${candidate.port}`;
  }
  return url.host;
}

export function timeoutMessage(timeoutMs: number): string {
  return `no response within ${timeoutMs} ms`;
}

export function describeNetworkError(error: unknown, context: ErrorContext): string {
  if (context.timedOut) return timeoutMessage(context.timeoutMs);
  let url: URL;
  try {
    url = new URL(context.url);
  } catch {
    return `invalid request URL`;
  }
  const chain = collect(error, []);
  for (const candidate of chain) {
    const code = typeof candidate.code === "string" ? candidate.code : undefined;
    if (code === undefined) continue;
    switch (code) {
      case "UND_ERR_CONNECT_TIMEOUT":
      case "UND_ERR_HEADERS_TIMEOUT":
      case "UND_ERR_BODY_TIMEOUT":
      case "ETIMEDOUT":
        return timeoutMessage(context.timeoutMs);
      case "ECONNREFUSED": {
        const where = endpoint(candidate, url);
        const proxy = where === context.proxyHostPort ? " (the proxy)" : "";
        return `connection refused by ${where}${proxy}`;
      }
      case "ENOTFOUND":
        return `host not found: ${url.hostname}`;
      case "EAI_AGAIN":
        return `host not found: ${url.hostname} (DNS lookup failed; no name server answered)`;
      case "ECONNRESET":
        return `connection reset by ${url.host}`;
      case "EHOSTUNREACH":
      case "ENETUNREACH":
        return `no route to ${url.host}`;
      case "UND_ERR_SOCKET":
        return `connection closed by ${url.host} before a complete response`;
      case "DEPTH_ZERO_SELF_SIGNED_CERT":
      case "SELF_SIGNED_CERT_IN_CHAIN":
        return "TLS: self-signed certificate (use --insecure or --ca-file)";
      case "CERT_HAS_EXPIRED":
        return "TLS: the certificate has expired (use --insecure to accept it anyway)";
      case "ERR_TLS_CERT_ALTNAME_INVALID":
        return `TLS: the certificate is not valid for ${url.hostname} (use --insecure, or the name in the certificate)`;
      case "ERR_SSL_WRONG_VERSION_NUMBER":
        return `TLS: handshake failed; does ${url.host} serve plain http:// rather than https://?`;
      case "UND_ERR_DESTROYED":
      case "UND_ERR_CLOSED":
        return "transport closed before a response";
      case "UND_ERR_RES_EXCEEDED_MAX_SIZE":
        return "response body too large";
      default:
        if (tlsUnknownIssuer.has(code)) {
          return "TLS: certificate issued by an unknown authority (use --insecure or --ca-file)";
        }
        if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_")) {
          return `TLS: handshake with ${url.host} failed (${code})`;
        }
        if (code.startsWith("HPE_")) return `malformed HTTP response from ${url.host} (${code})`;
    }
  }
  const proxyFailure = chain.find(
    (candidate) => typeof candidate.message === "string" && candidate.message.startsWith("Proxy response"),
  );
  if (proxyFailure !== undefined) {
    return `the proxy refused to open a tunnel to ${url.host} (${String(proxyFailure.message)})`;
  }
  const first = chain[0];
  const message = typeof first?.message === "string" && first.message !== "" ? first.message : String(error);
  const code = typeof first?.code === "string" ? ` (${first.code})` : "";
  return `request to ${url.host} failed: ${message}${code}`;
}
