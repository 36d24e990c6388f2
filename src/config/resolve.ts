/**
 * Resolves the run configuration: for each option the flag beats the environment beats the config file beats
 * the default. Never throws: every user mistake becomes one sentence naming the option and its source.
 */
import { dirname, resolve } from "node:path";
import { optionTable, type OptionField, type OptionSpec, type RunOptionValues } from "./options.ts";
import { checkProxyEnv, proxyFromEnv, type ProxySettings } from "./proxy.ts";
import {
  describeOrigin,
  readConfigFile,
  readEnv,
  readFlags,
  shortOrigin,
  type Origin,
  type SourceValues,
} from "./sources.ts";
import type { ParseContext } from "./values.ts";

export interface RunConfig extends RunOptionValues {
  /** From HTTPS_PROXY / HTTP_PROXY / NO_PROXY (or their lower-case forms). */
  proxy: ProxySettings;
  /** Where each value came from, for logs: `--timeout`, `USC_TIMEOUT`, `/path/usc.yaml:3` or `default`. */
  sources: Record<OptionField, string>;
}

export type RunConfigResult = { ok: true; config: RunConfig } | { ok: false; error: string };

interface Layers {
  flags: SourceValues;
  env: SourceValues;
  file: SourceValues;
}

function resolveOption<K extends OptionField>(
  spec: OptionSpec<K>,
  layers: Layers,
  resolved: Partial<RunOptionValues>,
  origins: Partial<Record<OptionField, Origin>>,
  cwd: string,
): string | undefined {
  const sourced = layers.flags.get(spec.field) ?? layers.env.get(spec.field) ?? layers.file.get(spec.field);
  if (sourced === undefined) {
    resolved[spec.field] = spec.fallback(resolved, { baseDir: cwd });
    origins[spec.field] = { kind: "default" };
    return undefined;
  }
  const context: ParseContext = {
    baseDir: sourced.origin.kind === "file" ? dirname(sourced.origin.file) : cwd,
  };
  const parsed = spec.parse(sourced.raw, context);
  if (!parsed.ok) return `Invalid ${describeOrigin(sourced.origin)}: ${parsed.reason}.`;
  resolved[spec.field] = parsed.value;
  origins[spec.field] = sourced.origin;
  return undefined;
}

function resolveLayers(layers: Layers, env: NodeJS.ProcessEnv, cwd: string): RunConfigResult {
  const resolved: Partial<RunOptionValues> = {};
  const origins: Partial<Record<OptionField, Origin>> = {};
  for (const spec of optionTable) {
    // Each row is checked against its own field type in options.ts; widening here loses nothing.
    const error = resolveOption(spec as OptionSpec, layers, resolved, origins, cwd);
    if (error !== undefined) return { ok: false, error };
  }
  const values = resolved as RunOptionValues;
  const credentials = checkCredentials(values, origins);
  if (credentials !== undefined) return { ok: false, error: credentials };
  const proxyProblem = checkProxyEnv(env);
  if (proxyProblem !== undefined) return { ok: false, error: proxyProblem };
  const sources = Object.fromEntries(
    optionTable.map((spec) => [spec.field, shortOrigin(origins[spec.field] ?? { kind: "default" })]),
  ) as Record<OptionField, string>;
  return { ok: true, config: { ...values, proxy: proxyFromEnv(env), sources } };
}

function checkCredentials(
  values: RunOptionValues,
  origins: Partial<Record<OptionField, Origin>>,
): string | undefined {
  const from = (field: OptionField) => describeOrigin(origins[field] ?? { kind: "default" });
  if (values.username !== undefined && values.password === undefined) {
    return `A username is set by ${from("username")} but no password: set USC_PASSWORD (preferred) or --password.`;
  }
  if (values.password !== undefined && values.username === undefined) {
    return `A password is set by ${from("password")} but no username: set USC_USERNAME or --username.`;
  }
  if (values.otherUsername !== undefined && values.otherPassword === undefined) {
    return `A second user is set by ${from("otherUsername")} but no password: set USC_OTHER_PASSWORD (preferred) or --other-password.`;
  }
  if (values.otherPassword !== undefined && values.otherUsername === undefined) {
    return `A second user's password is set by ${from("otherPassword")} but no username: set USC_OTHER_USERNAME or --other-username.`;
  }
  if (values.limitedUsername !== undefined && values.limitedPassword === undefined) {
    return `A limited user is set by ${from("limitedUsername")} but no password: set USC_LIMITED_PASSWORD (preferred) or --limited-password.`;
  }
  if (values.limitedPassword !== undefined && values.limitedUsername === undefined) {
    return `A limited user's password is set by ${from("limitedPassword")} but no username: set USC_LIMITED_USERNAME or --limited-username.`;
  }
  return undefined;
}

export function resolveRunConfig(argv: string[], env: NodeJS.ProcessEnv, cwd: string): RunConfigResult {
  const flags = readFlags(argv);
  const helpAsked = argv.includes("--help") || argv.includes("-h");
  if (helpAsked) {
    // Help wins over every other mistake on the command line or in the environment.
    const onlyHelp: SourceValues = new Map([
      ["help", { raw: true, origin: { kind: "flag", flag: "--help" } }],
    ]);
    return resolveLayers({ flags: onlyHelp, env: new Map(), file: new Map() }, {}, cwd);
  }
  if (!flags.ok) return flags;
  const envValues = readEnv(env);
  const layers: Layers = { flags: flags.values, env: envValues, file: new Map() };

  const configSource = flags.values.get("configFile") ?? envValues.get("configFile");
  if (configSource !== undefined) {
    if (typeof configSource.raw !== "string" || configSource.raw === "") {
      return { ok: false, error: `Invalid ${describeOrigin(configSource.origin)}: expected a file path.` };
    }
    const file = readConfigFile(resolve(cwd, configSource.raw), describeOrigin(configSource.origin));
    if (!file.ok) return file;
    layers.file = file.values;
  }
  return resolveLayers(layers, env, cwd);
}
