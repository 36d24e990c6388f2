/**
 * A copy-paste curl command reproducing an exchange's request. It is built from the redacted Exchange, and
 * credentials appear only as shell variables the user sets: it can be pasted into a ticket as is. Bodies go
 * through --data-raw, which (unlike --data-binary) never reads a file for a body starting with @.
 */
import type { Exchange } from "./exchange.ts";

/** POSIX single quoting: everything literal; a single quote becomes '\''. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Headers curl sets itself, or that make no sense to repeat. */
const skipped = new Set(["host", "content-length", "connection", "transfer-encoding", "proxy-authorization"]);

function headerArguments(name: string, value: string): string[] {
  switch (name) {
    case "authorization": {
      const scheme = /^(\S+)\s/.exec(value)?.[1];
      if (scheme?.toLowerCase() === "basic") return ["-u", '"$USC_USERNAME:$USC_PASSWORD"'];
      return ["-H", `"authorization: ${scheme ?? "Bearer"} $USC_TOKEN"`];
    }
    case "vmware-api-session-id":
      return ["-H", '"vmware-api-session-id: $USC_SESSION"'];
    case "cookie":
      return ["-H", '"cookie: $USC_COOKIE"'];
    default:
      return ["-H", shellQuote(`${name}: ${value}`)];
  }
}

export function toCurl(
  exchange: Exchange,
  options: { insecure: boolean; caFile?: string | undefined },
): string {
  const { method, url, headers, body } = exchange.request;
  const parts = ["curl", "-sS"];
  if (options.insecure) parts.push("-k");
  else if (options.caFile !== undefined) parts.push("--cacert", shellQuote(options.caFile));
  // -X HEAD would leave curl waiting for a body that never comes; -I is curl's HEAD.
  if (method === "HEAD") parts.push("-I");
  else if (method !== "GET" || body !== undefined) parts.push("-X", shellQuote(method));
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!skipped.has(lower)) parts.push(...headerArguments(lower, value));
  }
  if (body !== undefined) parts.push("--data-raw", shellQuote(body));
  parts.push(shellQuote(url));
  return parts.join(" ");
}
