import { optionTable } from "./options.ts";
import { describeProxyUrl } from "./proxy.ts";
import type { RunConfig } from "./resolve.ts";

function show(value: unknown): string {
  if (value === undefined) return "(not set)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The resolved configuration for logs, one option per line with its source. Secret options show only whether
 * they are set, and proxy URLs lose their credentials.
 */
export function describeConfig(config: RunConfig): string {
  const lines: string[] = [];
  for (const spec of optionTable) {
    if (spec.field === "help") continue;
    const value = config[spec.field];
    let shown: string;
    if ("secret" in spec && spec.secret === true) shown = value === undefined ? "(not set)" : "(set)";
    else if (spec.field === "target" && value === undefined) shown = "embedded reference server";
    else shown = show(value);
    lines.push(`${spec.name}: ${shown} (${config.sources[spec.field]})`);
  }
  const proxy = config.proxy;
  const proxyLine = (name: string, value: string | undefined) =>
    `${name}: ${value === undefined || value === "" ? "(not set)" : describeProxyUrl(value)}`;
  lines.push(proxyLine("https proxy", proxy.httpsProxy), proxyLine("http proxy", proxy.httpProxy));
  lines.push(`no proxy: ${proxy.noProxy ?? "(not set)"}`);
  return lines.join("\n");
}
