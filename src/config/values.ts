/**
 * Parsers for option values. Each turns the raw text (or a YAML boolean) into a typed value or a reason in
 * words; the caller adds which option and which source the value came from.
 */
import { accessSync, constants, statSync } from "node:fs";
import { resolve } from "node:path";

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Raw values: text from flags and environment, or a YAML scalar (string, number, boolean) from the file. */
export type RawValue = string | boolean;

export interface ParseContext {
  /** Relative paths resolve against this: the working directory, or the config file's directory. */
  baseDir: string;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

function quoted(raw: RawValue): string {
  return typeof raw === "string" ? `'${raw}'` : String(raw);
}

function text(raw: RawValue, what: string): Parsed<string> {
  if (typeof raw !== "string") return bad(`expected ${what}, got ${String(raw)}`);
  if (raw === "") return bad(`expected ${what}, got an empty value`);
  return ok(raw);
}

export function parseText(raw: RawValue): Parsed<string> {
  return text(raw, "a value");
}

/** Like parseText, but the reason never repeats the value (passwords). */
export function parseSecret(raw: RawValue): Parsed<string> {
  if (typeof raw !== "string" || raw === "") return bad("expected a non-empty value");
  return ok(raw);
}

export function parseBoolean(raw: RawValue): Parsed<boolean> {
  if (typeof raw === "boolean") return ok(raw);
  const normalised = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(normalised)) return ok(true);
  if (["0", "false", "no", "off"].includes(normalised)) return ok(false);
  return bad(`expected true or false, got ${quoted(raw)}`);
}

export function enumParser<const T extends string>(values: readonly T[]) {
  return (raw: RawValue): Parsed<T> => {
    const found = values.find((value) => value === raw);
    return found === undefined ? bad(`expected one of ${values.join(", ")}, got ${quoted(raw)}`) : ok(found);
  };
}

export function integerParser(unit: string, min: number, max: number) {
  return (raw: RawValue): Parsed<number> => {
    const candidate = typeof raw === "string" ? raw.trim() : raw;
    if (typeof candidate !== "string" || !/^\d+$/.test(candidate)) {
      return bad(`expected a whole number of ${unit}, got ${quoted(raw)}`);
    }
    const value = Number(candidate);
    if (value < min || value > max)
      return bad(`expected ${unit} between ${min} and ${max}, got ${candidate}`);
    return ok(value);
  };
}

/** A base URL: http(s) only, no credentials (they would land in logs and reports), no query or fragment. */
export function parseTargetUrl(raw: RawValue): Parsed<string> {
  const given = text(raw, "an http:// or https:// URL");
  if (!given.ok) return given;
  let url: URL;
  try {
    url = new URL(given.value);
  } catch {
    return bad(`expected an http:// or https:// URL such as https://vcenter.example, got ${quoted(raw)}`);
  }
  if (url.username !== "" || url.password !== "") {
    return bad("the URL must not carry credentials; set USC_USERNAME and USC_PASSWORD instead");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return bad(`expected an http:// or https:// URL, got the scheme '${url.protocol.slice(0, -1)}'`);
  }
  if (url.search !== "" || url.hash !== "") return bad(`expected a base URL without query or fragment`);
  return ok(url.href.replace(/\/+$/, ""));
}

export function parseRegExp(raw: RawValue): Parsed<string> {
  const given = text(raw, "a regular expression");
  if (!given.ok) return given;
  try {
    new RegExp(given.value);
    return given;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return bad(`${quoted(raw)} is not a valid regular expression (${detail})`);
  }
}

/** A comma-separated list of names (`lifecycle,auth`); which names exist is checked where they are known. */
export function parseNameList(raw: RawValue): Parsed<string[]> {
  const given = text(raw, "a comma-separated list of names");
  if (!given.ok) return given;
  const names = given.value.split(",").map((name) => name.trim());
  if (names.some((name) => name === "")) return bad(`${quoted(raw)} has an empty name in its list`);
  return ok([...new Set(names)]);
}

/** A path that need not exist yet (report directory, JUnit file), made absolute. */
export function parsePath(raw: RawValue, context: ParseContext): Parsed<string> {
  const given = text(raw, "a path");
  return given.ok ? ok(resolve(context.baseDir, given.value)) : given;
}

/** A file that must exist and be readable now (a CA bundle), made absolute. */
export function parseExistingFile(raw: RawValue, context: ParseContext): Parsed<string> {
  const path = parsePath(raw, context);
  if (!path.ok) return path;
  try {
    if (!statSync(path.value).isFile()) return bad(`'${path.value}' is not a file`);
    accessSync(path.value, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return bad(`the file '${path.value}' does not exist`);
    return bad(`the file '${path.value}' cannot be read (${code ?? "unknown error"})`);
  }
  return path;
}
