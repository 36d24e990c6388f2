import { ExitCode } from "./exit-codes.ts";
import { say } from "./say.ts";

/** Prints a usage mistake the way every command does and gives the usage exit code (2). */
export function usageFailure(command: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  say(`usc ${command}: ${message}`);
  say(`Run 'usc ${command} --help' for the options.`);
  return ExitCode.usage;
}
