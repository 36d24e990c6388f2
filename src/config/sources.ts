/**
 * Reading raw option values from the three sources (flags, environment, config file), each value tagged with
 * where it came from so an error can name the exact flag, variable or file line.
 */
import { readFileSync } from "node:fs";
import { yaml } from "../../spec/yaml.ts";
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

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function suggestion(name: string, prefix: string): string {
  let best: { name: string; score: number } | undefined;
  for (const spec of optionTable) {
    const score = distance(name, spec.name);
    if (score <= 2 && (best === undefined || score < best.score)) best = { name: spec.name, score };
  }
  return best === undefined ? "" : ` (did you mean ${prefix}${best.name}?)`;
}

const flagSpecs = new Map<string, AnyOptionSpec>(optionTable.map((spec) => [spec.name, spec]));

/** Single-letter forms of switches. */
const shortSwitches: Readonly<Record<string, OptionField>> = { "-h": "help", "-q": "quiet" };

/** `--name value`, `--name=value`, switches as `--name` / `--no-name`, and `-h`/`-q`. Repeating a flag: the last wins. */
export function readFlags(argv: readonly string[]): SourceResult {
  const values: SourceValues = new Map();
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? "";
    const short = shortSwitches[arg];
    if (short !== undefined) {
      values.set(short, { raw: true, origin: { kind: "flag", flag: arg } });
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") {
      return { ok: false, error: `Unexpected argument '${arg}': usc run takes options only (see --help).` };
    }
    const equals = arg.indexOf("=");
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const inline = equals === -1 ? undefined : arg.slice(equals + 1);
    const negated = name.startsWith("no-") ? flagSpecs.get(name.slice(3)) : undefined;
    if (negated !== undefined && isSwitch(negated) && inline === undefined) {
      values.set(negated.field, { raw: false, origin: { kind: "flag", flag: `--${name}` } });
      continue;
    }
    const spec = flagSpecs.get(name);
    if (spec === undefined) {
      return { ok: false, error: `Unknown option '--${name}'${suggestion(name, "--")}; see usc run --help.` };
    }
    const flag = `--${spec.name}`;
    if (isSwitch(spec)) {
      values.set(spec.field, { raw: inline ?? true, origin: { kind: "flag", flag } });
      continue;
    }
    if (inline !== undefined) {
      values.set(spec.field, { raw: inline, origin: { kind: "flag", flag } });
      continue;
    }
    const next = argv[index + 1];
    if (next === undefined || next.startsWith("--")) {
      return {
        ok: false,
        error: `Option ${flag} needs a value (${flag} ${spec.valueName ?? "VALUE"}, or ${flag}=VALUE).`,
      };
    }
    values.set(spec.field, { raw: next, origin: { kind: "flag", flag } });
    index += 1;
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
    const spec = flagSpecs.get(kebab(key));
    if (spec === undefined) {
      return {
        ok: false,
        error: `Config file ${where}: unknown option '${key}'${suggestion(kebab(key), "")}.`,
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
