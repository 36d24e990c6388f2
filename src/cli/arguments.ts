/**
 * The one command-line parser of the usc commands: `--name value`, `--name=value`, switches (`--name`,
 * `-h`), repeatable options and positionals, read against a command's flag table. A usage mistake is a
 * UsageError with the same wording in every command (an unknown option with the nearest known one, an
 * option without its value), which `usageFailure` prints and answers with exit code 2.
 */
import { ExitCode } from "./exit-codes.ts";

export interface FlagSpec {
  /** `string` takes a value; `boolean` is a switch. */
  type: "string" | "boolean";
  /** The option may be given several times; its values are collected in order. */
  multiple?: boolean;
  /** A one-letter form, e.g. `h` for `-h`. */
  short?: string;
  /** How the help and the "needs a value" message name the value (default VALUE). */
  valueName?: string;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

type ValueOf<Spec extends FlagSpec> = Spec["type"] extends "boolean"
  ? boolean
  : Spec["multiple"] extends true
    ? string[]
    : string;

export interface ParsedArguments<Table extends FlagTable> {
  values: { -readonly [Name in keyof Table]?: ValueOf<Table[Name]> };
  positionals: string[];
}

/** A mistake in how the command was called: printed with the command's name, exit code 2. */
export class UsageError extends Error {}

/** Edit distance, for "did you mean". */
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

/** ` (did you mean --x?)` for the nearest known name within two edits, else nothing. */
export function nearestName(name: string, known: readonly string[], prefix: string): string {
  let best: { name: string; score: number } | undefined;
  for (const candidate of known) {
    const score = distance(name, candidate);
    if (score <= 2 && (best === undefined || score < best.score)) best = { name: candidate, score };
  }
  return best === undefined ? "" : ` (did you mean ${prefix}${best.name}?)`;
}

/**
 * Reads `args` against `table`. Positionals are refused unless `allowPositionals`; everything after `--`
 * is positional. Throws a UsageError naming the mistake.
 */
export function parseArguments<Table extends FlagTable>(
  args: readonly string[],
  table: Table,
  options: { allowPositionals?: boolean } = {},
): ParsedArguments<Table> {
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const shorts = new Map(
    Object.entries(table)
      .filter(([, spec]) => spec.short !== undefined)
      .map(([name, spec]) => [`-${spec.short ?? ""}`, name]),
  );
  const set = (name: string, spec: FlagSpec, value: string | boolean): void => {
    if (spec.multiple === true && typeof value === "string") {
      const list = values[name];
      values[name] = Array.isArray(list) ? [...list, value] : [value];
    } else values[name] = value;
  };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? "";
    if (arg === "--") {
      positionals.push(...args.slice(index + 1));
      break;
    }
    const shortName = shorts.get(arg);
    const isOption = arg.startsWith("--") || shortName !== undefined;
    if (!isOption) {
      if (arg.startsWith("-") && arg.length > 1)
        throw new UsageError(`Unknown option '${arg}'${nearestName(arg.slice(1), Object.keys(table), "--")}`);
      if (options.allowPositionals !== true)
        throw new UsageError(`Unexpected argument '${arg}': this command takes options only`);
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const name = shortName ?? arg.slice(2, equals === -1 ? undefined : equals);
    const inline = shortName === undefined && equals !== -1 ? arg.slice(equals + 1) : undefined;
    const spec = table[name];
    if (spec === undefined)
      throw new UsageError(`Unknown option '--${name}'${nearestName(name, Object.keys(table), "--")}`);
    const flag = `--${name}`;
    if (spec.type === "boolean") {
      if (inline !== undefined) throw new UsageError(`Option ${flag} is a switch and takes no value`);
      set(name, spec, true);
      continue;
    }
    if (inline !== undefined) {
      set(name, spec, inline);
      continue;
    }
    const next = args[index + 1];
    if (next === undefined || next.startsWith("--")) {
      throw new UsageError(
        `Option ${flag} needs a value (${flag} ${spec.valueName ?? "VALUE"}, or ${flag}=VALUE)`,
      );
    }
    set(name, spec, next);
    index += 1;
  }
  return { values: values as ParsedArguments<Table>["values"], positionals };
}

/** Prints a usage mistake the way every command does and gives the usage exit code (2). */
export function usageFailure(command: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`usc ${command}: ${message}\nRun 'usc ${command} --help' for the options.\n`);
  return ExitCode.usage;
}
