import type { Command } from "./command.ts";

/**
 * The table of usc sub-commands. Each command lives in its own file under src/cli/ and is added here,
 * so main.ts stays a dispatcher and adding a command touches one line.
 */
export const commandTable: Record<string, () => Promise<Command>> = {
  baseline: async () => (await import("./baseline.ts")).baselineCommand,
  bundle: async () => (await import("./bundle.ts")).bundleCommand,
  cleanup: async () => (await import("./cleanup.ts")).cleanupCommand,
  compare: async () => (await import("./compare.ts")).compareCommand,
  fuzz: async () => (await import("./fuzz.ts")).fuzzCommand,
  pact: async () => (await import("./pact.ts")).pactCommand,
  run: async () => (await import("./run.ts")).runCommand,
  serve: async () => (await import("./serve.ts")).serveCommand,
};
