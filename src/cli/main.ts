import type { Command } from "./command.ts";
import { commandTable } from "./commands.ts";
import { type CliContext, withCliContext } from "./context.ts";
import { ExitCode } from "./exit-codes.ts";
import { packageVersion } from "../config/version.ts";

async function loadSummaries(): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(commandTable).map(async ([name, load]) => [name, (await load()).summary] as const),
  );
  return Object.fromEntries(entries);
}

function usage(summaries: Record<string, string>): string {
  const lines = [
    "usc: conformance suite for the vSphere Content Library update session API",
    "",
    "Usage: usc <command> [options]",
    "       usc --help | --version",
    "",
    "Commands:",
  ];
  const names = Object.keys(commandTable).sort();
  if (names.length === 0) lines.push("  (none yet)");
  for (const name of names) lines.push(`  ${name.padEnd(12)} ${summaries[name] ?? ""}`);
  lines.push("", "Run 'usc <command> --help' for a command's options.");
  lines.push(
    "Exit codes: 0 pass, 1 conformance failures, 2 usage or configuration error,",
    "            3 the run could not complete (unreachable target, refused login, interrupted, harness error).",
  );
  return lines.join("\n");
}

/**
 * Runs usc with the given arguments and returns the process exit code; never throws. `context` gives the
 * variables and working directory the command reads instead of the process's (context.ts), so that calls
 * in one process need not take turns changing them.
 */
export async function main(argv: string[], context?: Partial<CliContext>): Promise<number> {
  return context === undefined ? dispatch(argv) : withCliContext(context, () => dispatch(argv));
}

async function dispatch(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    process.stdout.write(usage(await loadSummaries()) + "\n");
    return first === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (first === "--version" || first === "-V") {
    process.stdout.write(packageVersion() + "\n");
    return ExitCode.ok;
  }
  const load = commandTable[first];
  if (load === undefined) {
    process.stderr.write(`usc: unknown command '${first}'. Run 'usc --help' for the list.\n`);
    return ExitCode.usage;
  }
  return runCommandSafely(first, load, rest);
}

/**
 * Runs one command as `usc <name>` does: what it throws is an internal error, said in one line with exit
 * code 3, never a stack trace. For callers that run a command variant in-process (the catch matrix).
 */
export async function runCommandSafely(
  name: string,
  load: () => Promise<Command>,
  args: string[],
): Promise<number> {
  try {
    const command = await load();
    return await command.run(args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`usc ${name}: internal error: ${message}\n`);
    return ExitCode.incomplete;
  }
}
