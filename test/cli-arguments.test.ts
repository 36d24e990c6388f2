import { describe, expect, it } from "vitest";
import { parseArguments, UsageError } from "../src/config/arguments.ts";
import { uscInProcess } from "./support/usc-in-process.ts";

// One argument parser for every usc command (src/config/arguments.ts): the same wording for the same
// mistake in every command, and exit code 2. Commands that also take usc run's options (cleanup, fuzz,
// pact verify) read them through the same parser, as `others` handed on to the run's resolution. The
// commands answer in this process (test/support/usc-in-process.ts): their wording and code are the point.

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
    expect(mistake(["--", "stray"])).toBe("Unexpected argument 'stray': this command takes options only");
  });

  it("hands on another table's options verbatim, and reads a setting's --no- form and inline value", () => {
    const others = { color: { type: "boolean", setting: true }, timeout: { type: "string" } } as const;
    const parsed = parseArguments(
      ["--no-color", "-h", "--timeout", "5", "--fault=a", "--color=auto"],
      table,
      {
        others,
      },
    );
    expect(parsed.values).toEqual({ help: true, fault: ["a"] });
    expect(parsed.written).toEqual({ help: "-h", fault: "--fault" });
    expect(parsed.others).toEqual([
      { name: "color", args: ["--no-color"] },
      { name: "timeout", args: ["--timeout", "5"] },
      { name: "color", args: ["--color=auto"] },
    ]);
    expect(() => parseArguments(["--timout", "5"], table, { others })).toThrow(
      "Unknown option '--timout' (did you mean --timeout?)",
    );
    expect(() => parseArguments(["--no-format"], table, { others })).toThrow("Unknown option '--no-format'");
  });

  it.each([
    [["compare", "--formt", "text"], "compare", "--formt", "--format"],
    [["baseline", "--fron", "x"], "baseline", "--fron", "--from"],
    [["serve", "--prot", "1"], "serve", "--prot", "--port"],
    [["pact", "export", "--otu", "x"], "pact export", "--otu", "--out"],
    [["run", "--tagret", "x"], "run", "--tagret", "--target"],
    [["cleanup", "--run-di", "x"], "cleanup", "--run-di", "--run-id"],
    [["cleanup", "--insecur"], "cleanup", "--insecur", "--insecure"],
    [["fuzz", "--rusn", "3"], "fuzz", "--rusn", "--runs"],
    [["pact", "verify", "--pakt", "x"], "pact verify", "--pakt", "--pact"],
  ])("usc %j: the shared message and exit code 2", async (args, command, typo, meant) => {
    const result = await uscInProcess(args);
    expect(result.stderr).toContain(`usc ${command}: Unknown option '${typo}' (did you mean ${meant}?)`);
    expect(result.stderr).toContain(`Run 'usc ${command} --help' for the options.`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(2);
  });
});
