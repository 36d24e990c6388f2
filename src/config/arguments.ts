/**
 * The one command-line parser of the usc commands: `--name value`, `--name=value`, switches (`--name`,
 * `-h`, and `--no-name` where a switch is negatable), repeatable options and positionals, read against a
 * command's flag table. A command that also takes `usc run`'s options names them as `others`: they are
 * recognised (so a typo among them is a mistake like any other) and handed back verbatim for the run's
 * option resolution. A usage mistake is a UsageError with the same wording in every command (an unknown
 * option with the nearest known one, an option without its value); the CLI prints it and exits with 2.
 */

export interface FlagSpec {
  /** `string` takes a value; `boolean` is a switch. */
  type: "string" | "boolean";
  /** The option may be given several times; its values are collected in order (else the last wins). */
  multiple?: boolean;
  /** A one-letter form, e.g. `h` for `-h`. */
  short?: string;
  /** How the help and the "needs a value" message name the value (default VALUE). */
  valueName?: string;
  /**
   * A switch that is also a setting (usc run's, which the environment and a config file can set too):
   * `--no-name` turns it off, and `--name=TEXT` hands TEXT on to be read like the variable's value.
   */
  setting?: boolean;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

type ValueOf<Spec extends FlagSpec> = Spec["type"] extends "boolean"
  ? Spec["setting"] extends true
    ? boolean | string
    : boolean
  : Spec["multiple"] extends true
    ? string[]
    : string;

export interface ParsedArguments<Table extends FlagTable> {
  values: { -readonly [Name in keyof Table]?: ValueOf<Table[Name]> };
  /** How each option given was last written (`--no-color`, `-h`, `--timeout`), for messages. */
  written: { -readonly [Name in keyof Table]?: string };
  positionals: string[];
  /** The options of the `others` table, in order, each with the arguments it took, as given. */
  others: Array<{ name: string; args: string[] }>;
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

/** One option as written: its table entry, its name, how it was written, and an inline `=value`. */
interface OptionToken {
  name: string;
  spec: FlagSpec;
  written: string;
  inline: string | undefined;
  negated: boolean;
  own: boolean;
}

function shortNames(table: FlagTable): Map<string, string> {
  return new Map(
    Object.entries(table)
      .filter(([, spec]) => spec.short !== undefined)
      .map(([name, spec]) => [`-${spec.short ?? ""}`, name]),
  );
}

/** Reads one argument that starts with `-` against both tables (the command's own first). */
function readOption(arg: string, table: FlagTable, others: FlagTable): OptionToken {
  const known = [...Object.keys(table), ...Object.keys(others)];
  const unknown = (name: string) =>
    new UsageError(`Unknown option '${name}'${nearestName(name.replace(/^-+/, ""), known, "--")}`);
  if (!arg.startsWith("--")) {
    const own = shortNames(table).get(arg);
    const other = shortNames(others).get(arg);
    const name = own ?? other;
    const spec = name === undefined ? undefined : own !== undefined ? table[name] : others[name];
    if (name === undefined || spec === undefined) throw unknown(arg);
    return { name, spec, written: arg, inline: undefined, negated: false, own: own !== undefined };
  }
  const equals = arg.indexOf("=");
  const name = arg.slice(2, equals === -1 ? undefined : equals);
  const inline = equals === -1 ? undefined : arg.slice(equals + 1);
  const lookup = (key: string) =>
    table[key] !== undefined
      ? { spec: table[key], own: true }
      : others[key] !== undefined
        ? { spec: others[key], own: false }
        : undefined;
  const found = lookup(name);
  if (found !== undefined) return { name, ...found, written: `--${name}`, inline, negated: false };
  const positive = name.startsWith("no-") ? lookup(name.slice(3)) : undefined;
  if (
    positive !== undefined &&
    positive.spec.type === "boolean" &&
    positive.spec.setting === true &&
    inline === undefined
  )
    return { name: name.slice(3), ...positive, written: `--${name}`, inline, negated: true };
  throw unknown(`--${name}`);
}

/**
 * Reads `args` against `table` (and `others`, see the module comment). Positionals are refused unless
 * `allowPositionals`; everything after `--` is positional. Throws a UsageError naming the mistake.
 */
export function parseArguments<Table extends FlagTable>(
  args: readonly string[],
  table: Table,
  options: { allowPositionals?: boolean; others?: FlagTable } = {},
): ParsedArguments<Table> {
  const others = options.others ?? {};
  const values: Record<string, string | boolean | string[]> = {};
  const written: Record<string, string> = {};
  const positionals: string[] = [];
  const passed: Array<{ name: string; args: string[] }> = [];
  const positional = (arg: string) => {
    if (options.allowPositionals !== true)
      throw new UsageError(`Unexpected argument '${arg}': this command takes options only`);
    positionals.push(arg);
  };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? "";
    if (arg === "--") {
      args.slice(index + 1).forEach(positional);
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional(arg);
      continue;
    }
    const token = readOption(arg, table, others);
    const flag = `--${token.name}`;
    let value: string | boolean;
    const taken = [arg];
    if (token.spec.type === "boolean") {
      if (token.inline !== undefined && token.spec.setting !== true)
        throw new UsageError(`Option ${flag} is a switch and takes no value`);
      value = token.negated ? false : (token.inline ?? true);
    } else if (token.inline !== undefined) {
      value = token.inline;
    } else {
      const next = args[index + 1];
      if (next === undefined || next.startsWith("--")) {
        throw new UsageError(
          `Option ${flag} needs a value (${flag} ${token.spec.valueName ?? "VALUE"}, or ${flag}=VALUE)`,
        );
      }
      value = next;
      taken.push(next);
      index += 1;
    }
    if (!token.own) {
      passed.push({ name: token.name, args: taken });
      continue;
    }
    written[token.name] = token.written;
    const list = values[token.name];
    if (token.spec.multiple === true && typeof value === "string")
      values[token.name] = Array.isArray(list) ? [...list, value] : [value];
    else values[token.name] = value;
  }
  return {
    values: values as ParsedArguments<Table>["values"],
    written: written,
    positionals,
    others: passed,
  };
}
