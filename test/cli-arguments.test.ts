import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseArguments, UsageError } from "../src/cli/arguments.ts";
import { runCommand } from "./support/run-command.ts";

// One argument parser for the usc commands (src/cli/arguments.ts): the same wording for the same mistake
// in every command that uses it, and exit code 2.

const root = fileURLToPath(new URL("..", import.meta.url));
const usc = fileURLToPath(new URL("../bin/usc.js", import.meta.url));

const table = {
  format: { type: "string" },
  fault: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

function mistake(args: string[], allowPositionals = false): string {
  try {
    parseArguments(args, table, { allowPositionals });
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return "";
}

describe("the usc argument parser", () => {
  it("reads values, inline values, switches, short switches, repeats and positionals", () => {
    const parsed = parseArguments(
      ["--format", "markdown", "--fault=a", "-h", "--fault", "b", "old.json", "--", "--new"],
      table,
      { allowPositionals: true },
    );
    expect(parsed.values).toEqual({ format: "markdown", fault: ["a", "b"], help: true });
    expect(parsed.positionals).toEqual(["old.json", "--new"]);
  });

  it("names each mistake the same way", () => {
    expect(mistake(["--formt", "x"])).toBe("Unknown option '--formt' (did you mean --format?)");
    expect(mistake(["--nothing-like-it"])).toBe("Unknown option '--nothing-like-it'");
    expect(mistake(["--format"])).toBe("Option --format needs a value (--format VALUE, or --format=VALUE)");
    expect(mistake(["--format", "--help"])).toContain("--format needs a value");
    expect(mistake(["--help=yes"])).toBe("Option --help is a switch and takes no value");
    expect(mistake(["stray"])).toBe("Unexpected argument 'stray': this command takes options only");
    expect(mistake(["stray"], true)).toBe("");
  });

  it.each([
    [["compare", "--formt", "text"], "compare", "--formt", "--format"],
    [["baseline", "--fron", "x"], "baseline", "--fron", "--from"],
    [["serve", "--prot", "1"], "serve", "--prot", "--port"],
    [["pact", "export", "--otu", "x"], "pact export", "--otu", "--out"],
  ])("usc %j: the shared message and exit code 2", async (args, command, typo, meant) => {
    const result = await runCommand(process.execPath, [usc, ...args], root, 60_000);
    expect(result.stderr).toContain(`usc ${command}: Unknown option '${typo}' (did you mean ${meant}?)`);
    expect(result.stderr).toContain(`Run 'usc ${command} --help' for the options.`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(2);
  });
});
