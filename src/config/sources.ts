/**
 * Reading raw option values from the three sources (flags, environment, config file), each value tagged with
 * where it came from so an error can name the exact flag, variable or file line.
 */
import { readFileSync } from "node:fs";
import { yaml } from "../../spec/yaml.ts";
import { nearestName, parseArguments, UsageError, type FlagSpec, type FlagTable } from "./arguments.ts";
import { isSwitch, optionTable, type AnyOptionSpec, type OptionField } from "./options.ts";
import type { RawValue } from "./values.ts";

export type Origin =
  | { kind: "flag"; flag: string }
  | { kind: "env"; name: string }
  | { kind: "file"; file: string; line: number | undefined; key: string }
  | { kind: "default" };

export interface SourcedValue {
  raw: RawValue;
  origin: Origin;
}

export type SourceValues = Map<OptionField, SourcedValue>;

export type SourceResult = { ok: true; values: SourceValues } | { ok: false; error: string };

/** How a source is named in messages: `--timeout`, `USC_TIMEOUT (environment variable)`, `usc.yaml:3 (timeout)`. */
export function describeOrigin(origin: Origin): string {
  switch (origin.kind) {
    case "flag":
      return origin.flag;
    case "env":
      return `${origin.name} (environment variable)`;
    case "file":
      return `${origin.file}${origin.line === undefined ? "" : `:${origin.line}`} (${origin.key})`;
    case "default":
      return "default";
  }
}

/** A short label for logs: `--timeout`, `USC_TIMEOUT`, `usc.yaml:3`, `default`. */
export function shortOrigin(origin: Origin): string {
  switch (origin.kind) {
    case "flag":
      return origin.flag;
    case "env":
      return origin.name;
    case "file":
      return `${origin.file}${origin.line === undefined ? "" : `:${origin.line}`}`;
    case "default":
      return "default";
  }
}

/** Single-letter forms of switches. */
const shortForms: Readonly<Record<string, { short: string }>> = {
  help: { short: "h" },
  quiet: { short: "q" },
};

/** usc run's options as the command-line parser's table: every switch of it is a setting (`--no-...`). */
export const runFlagTable: FlagTable = Object.fromEntries(
  optionTable.map((spec): [string, FlagSpec] => [
    spec.name,
    isSwitch(spec)
      ? { type: "boolean", setting: true, ...shortForms[spec.name] }
      : { type: "string", valueName: spec.valueName ?? "VALUE" },
  ]),
);

const specByName = new Map<string, AnyOptionSpec>(optionTable.map((spec) => [spec.name, spec]));

/**
 * usc run's options from the command line, read by the one parser (src/config/arguments.ts): a mistake
 * is worded as in every other command. Repeating an option: the last wins.
 */
export function readFlags(argv: readonly string[]): SourceResult {
  let parsed: ReturnType<typeof parseArguments<FlagTable>>;
  try {
    parsed = parseArguments(argv, runFlagTable);
  } catch (error) {
    if (error instanceof UsageError) return { ok: false, error: error.message };
    throw error;
  }
  const values: SourceValues = new Map();
  for (const [name, raw] of Object.entries(parsed.values)) {
    const field = specByName.get(name)?.field;
    if (field === undefined || raw === undefined || Array.isArray(raw)) continue;
    values.set(field, { raw, origin: { kind: "flag", flag: parsed.written[name] ?? `--${name}` } });
  }
  return { ok: true, values };
}

/** Variables that are unset or empty count as not set, as in most tools. */
export function readEnv(env: NodeJS.ProcessEnv): SourceValues {
  const values: SourceValues = new Map();
  for (const spec of optionTable) {
    if (spec.env === undefined) continue;
    const raw = env[spec.env];
    if (raw === undefined || raw === "") continue;
    values.set(spec.field, { raw, origin: { kind: "env", name: spec.env } });
  }
  return values;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The YAML config file: a mapping of option names to single values; null values count as not set. */
export function readConfigFile(path: string, named: string): SourceResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, error: `Config file '${path}' (${named}) does not exist.` };
    return {
      ok: false,
      error: `Config file '${path}' (${named}) cannot be read (${code ?? String(error)}).`,
    };
  }
  const { isMap, isScalar, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const syntaxError = document.errors[0];
  if (syntaxError !== undefined) {
    const line = syntaxError.linePos?.[0].line;
    const where = line === undefined ? path : `${path}:${line}`;
    const detail = syntaxError.message.split("\n")[0] ?? "";
    return { ok: false, error: `Config file ${where} is not valid YAML: ${detail}` };
  }
  const values: SourceValues = new Map();
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { ok: true, values };
  if (!isMap(contents)) {
    return { ok: false, error: `Config file '${path}' must be a mapping of option names to values.` };
  }
  for (const pair of contents.items) {
    const keyNode = pair.key;
    const line = isScalar(keyNode) && keyNode.range ? lineCounter.linePos(keyNode.range[0]).line : undefined;
    const where = line === undefined ? path : `${path}:${line}`;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const spec = specByName.get(kebab(key));
    if (spec === undefined) {
      return {
        ok: false,
        error: `Config file ${where}: unknown option '${key}'${nearestName(kebab(key), [...specByName.keys()], "")}.`,
      };
    }
    if (!spec.inFile) {
      return { ok: false, error: `Config file ${where}: '${key}' cannot be set in a config file.` };
    }
    if (values.has(spec.field)) {
      return { ok: false, error: `Config file ${where}: '${key}' sets ${spec.name} a second time.` };
    }
    const valueNode = pair.value;
    if (valueNode === null || (isScalar(valueNode) && valueNode.value === null)) continue;
    if (!isScalar(valueNode)) {
      return {
        ok: false,
        error: `Config file ${where}: '${key}' must be a single value, not a list or mapping.`,
      };
    }
    const scalar = valueNode.value;
    const raw: RawValue = typeof scalar === "boolean" ? scalar : String(scalar);
    values.set(spec.field, { raw, origin: { kind: "file", file: path, line, key } });
  }
  return { ok: true, values };
}
