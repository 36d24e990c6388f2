import { ExitCode } from "./exit-codes.ts";

/** Prints a usage mistake the way every command does and gives the usage exit code (2). */
export function usageFailure(command: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`usc ${command}: ${message}\nRun 'usc ${command} --help' for the options.\n`);
  return ExitCode.usage;
}
