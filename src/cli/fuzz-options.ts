import { parseArguments, UsageError, type FlagTable, type ParsedArguments } from "../config/arguments.ts";
import { runFlagTable } from "../config/sources.ts";
import { integerParser, type Parsed } from "../config/values.ts";
import { helpEntry } from "../config/help.ts";

/** The fuzz's own budget options; every other option is `usc run`'s, read by its parser. */
export interface FuzzOptions {
  runs: number;
  maxSteps: number;
  seed: number | undefined;
  path: string | undefined;
}

/** The default budget: found every fault variant of docs/fuzz.md, and fits the CI self-test. */
export const defaultFuzzRuns = 100;
export const defaultMaxSteps = 25;

const fuzzFlags = {
  runs: {
    parse: integerParser("sequences", 1, 1_000_000),
    help: `sequences per dialect (default ${defaultFuzzRuns}; a soak: --runs 5000)`,
  },
  "max-steps": {
    parse: integerParser("steps", 1, 1000),
    help: `most operations in one sequence (default ${defaultMaxSteps})`,
  },
  seed: {
    parse: integerParser("a seed", 0, 2 ** 31 - 1),
    help: "the random seed (default: a new one, printed)",
  },
  path: { parse: parsePath, help: "with --seed: replay exactly the shrunk sequence a divergence printed" },
} as const;
type FuzzFlag = keyof typeof fuzzFlags;

/** Run options that select checks or list them: meaningless for the fuzz, so refused rather than ignored. */
const runOnly = [
  "suite",
  "check",
  "exclude",
  "grep",
  "list",
  "expected-failures",
  "concurrency",
  "idle-timeout",
  "subscribed-item",
  "other-username",
  "other-password",
  "limited-username",
  "limited-password",
];

function parsePath(raw: string | boolean): Parsed<string> {
  return typeof raw === "string" && /^[0-9:]+(@[A-Za-z0-9+/:]*)?$/.test(raw)
    ? { ok: true, value: raw }
    : {
        ok: false,
        reason: `expected the path a divergence printed (digits and colons, then @ and its replay path), got '${String(raw)}'`,
      };
}

export type SplitArguments = { ok: true; fuzz: FuzzOptions; rest: string[] } | { ok: false; error: string };

/** The fuzz's options as the command-line parser's table. */
const fuzzFlagTable: FlagTable = Object.fromEntries(
  Object.keys(fuzzFlags).map((name) => [name, { type: "string", valueName: name === "path" ? "PATH" : "N" }]),
);

/** Takes the fuzz's options out of the arguments; the rest go to `usc run`'s option resolution unchanged. */
export function splitFuzzArguments(argv: readonly string[]): SplitArguments {
  let parsed: ParsedArguments<FlagTable>;
  try {
    parsed = parseArguments(argv, fuzzFlagTable, { others: runFlagTable });
  } catch (error) {
    if (error instanceof UsageError) return { ok: false, error: error.message };
    throw error;
  }
  const refused = parsed.others.find((option) => runOnly.includes(option.name));
  if (refused !== undefined)
    return { ok: false, error: `--${refused.name} is an option of usc run, not of usc fuzz` };
  const values: Partial<Record<FuzzFlag, number | string>> = {};
  for (const flag of Object.keys(fuzzFlags) as FuzzFlag[]) {
    const raw = parsed.values[flag];
    if (typeof raw !== "string") continue;
    const value = fuzzFlags[flag].parse(raw);
    if (!value.ok) return { ok: false, error: `Invalid --${flag}: ${value.reason}.` };
    values[flag] = value.value;
  }
  if (values.path !== undefined && values.seed === undefined)
    return {
      ok: false,
      error: "--path replays a sequence of one seed: give --seed too (both are printed with a divergence).",
    };
  return {
    ok: true,
    rest: parsed.others.flatMap((option) => option.args),
    fuzz: {
      runs: (values.runs as number | undefined) ?? defaultFuzzRuns,
      maxSteps: (values["max-steps"] as number | undefined) ?? defaultMaxSteps,
      seed: values.seed as number | undefined,
      path: values.path as string | undefined,
    },
  };
}

export function fuzzHelpText(): string {
  return [
    "Usage: usc fuzz [options]",
    "",
    "Random sequences of update session and file operations against a model of the documents (fast-check",
    "model-based testing). A divergence is shrunk to a minimal sequence and printed as numbered steps, the",
    "diverging request and response, a curl script, and the seed and path that replay it.",
    "",
    "Fuzz options:",
    ...Object.entries(fuzzFlags).flatMap(([name, flag]) =>
      helpEntry(`  --${name} N`.replace(" N", name === "path" ? " PATH" : " N"), flag.help),
    ),
    "",
    "Target, credentials, TLS, proxy, --dialect rest|api|both|auto, --timeout, --fail-on, --report-dir, --junit,",
    "--color, --quiet, --verbose and --config are those of usc run (see usc run --help), with the same",
    "environment variables. Exit codes: 0 no divergence, 1 divergence, 2 usage, 3 the fuzz could not complete.",
  ].join("\n");
}
