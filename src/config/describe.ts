import { optionTable } from "./options.ts";
import { describeProxyUrl } from "./proxy.ts";
import type { RunConfig } from "./resolve.ts";

function show(value: unknown): string {
  if (value === undefined) return "(not set)";
  if (Array.isArray(value)) return value.join(",");
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

/** Shown in the one-line summary itself, or only about how the console looks. */
const summarisedElsewhere = new Set<string>([
  "target",
  "dialect",
  "username",
  "help",
  "quiet",
  "verbose",
  "color",
]);

/**
 * The configuration in one line for the start of a run: target, dialects, user, then every option that
 * differs from its default (`--timeout 2000`). Secrets show only that they are set.
 */
export function describeConfigLine(config: RunConfig): string {
  const target = config.target ?? "the embedded reference server";
  const dialects = config.dialect === "both" ? "both dialects" : `dialect ${config.dialect}`;
  const user = config.username === undefined ? "default user" : `user ${config.username}`;
  const changed: string[] = [];
  for (const spec of optionTable) {
    if (summarisedElsewhere.has(spec.field) || config.sources[spec.field] === "default") continue;
    const value = config[spec.field];
    if ("secret" in spec && spec.secret === true) changed.push(`--${spec.name} (set)`);
    else if (typeof value === "boolean") changed.push(value ? `--${spec.name}` : `--no-${spec.name}`);
    else changed.push(`--${spec.name} ${show(value)}`);
  }
  const head = `${target}, ${dialects}, ${user}`;
  return changed.length === 0 ? head : `${head}; ${changed.join(", ")}`;
}
