/**
 * Proxy settings come from the standard environment variables, never from our own options, so usc behaves
 * like curl and every other tool on the same machine. Lower-case names win over upper-case ones (as in curl
 * and undici).
 */
export interface ProxySettings {
  /** Proxy for http:// targets (HTTP_PROXY / http_proxy). */
  httpProxy: string | undefined;
  /** Proxy for https:// targets (HTTPS_PROXY / https_proxy); when unset, httpProxy is used for them too. */
  httpsProxy: string | undefined;
  /** Hosts reached directly (NO_PROXY / no_proxy): comma-separated names, `.suffix`, `host:port` or `*`. */
  noProxy: string | undefined;
}

/** No proxy at all: for the embedded reference server, which listens on this machine's loopback. */
export const directConnection: ProxySettings = { httpProxy: "", httpsProxy: "", noProxy: "" };

function firstSet(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") return value.trim();
  }
  return undefined;
}

export function proxyFromEnv(env: NodeJS.ProcessEnv): ProxySettings {
  return {
    httpProxy: firstSet(env, ["http_proxy", "HTTP_PROXY"]),
    httpsProxy: firstSet(env, ["https_proxy", "HTTPS_PROXY"]),
    noProxy: firstSet(env, ["no_proxy", "NO_PROXY"]),
  };
}

export function usesProxy(settings: ProxySettings): boolean {
  return Boolean(settings.httpProxy) || Boolean(settings.httpsProxy);
}

/** A proxy URL for logs: user and password replaced, so a proxy credential never reaches a log or report. */
export function describeProxyUrl(value: string): string {
  try {
    const url = new URL(value);
    const credentials = url.username !== "" || url.password !== "" ? "<redacted>@" : "";
    return `${url.protocol}//${credentials}${url.host}${url.pathname === "/" ? "" : url.pathname}`;
  } catch {
    return "<not a URL>";
  }
}

/** Returns a sentence naming the variable when a proxy variable is not a usable URL, else undefined. */
export function checkProxyEnv(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"]) {
    const value = env[name]?.trim();
    if (value === undefined || value === "") continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return `${name} (environment variable) must be a URL such as http://proxy.example:3128, got something else.`;
    }
    if (!["http:", "https:", "socks:", "socks5:"].includes(url.protocol)) {
      return `${name} (environment variable) must be an http://, https:// or socks5:// URL such as http://proxy.example:3128.`;
    }
  }
  return undefined;
}
