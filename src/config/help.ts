import { isSwitch, optionTable } from "./options.ts";

const column = 30;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/**
 * One option of a help text: the flag in the first column and its description wrapped beside it, or
 * below it when the flag is wider than the column, so no line runs past 110 characters.
 */
export function helpEntry(left: string, description: string): string[] {
  const indent = " ".repeat(column);
  const [first = "", ...rest] = wrap(description, 110 - column);
  const head = left.length < column ? [left.padEnd(column) + first] : [left, indent + first];
  return [...head, ...rest.map((line) => indent + line)];
}

/** The `usc run --help` text, generated from the option table so it can never miss an option. */
export function runHelpText(): string {
  const out = [
    "Usage: usc run [options]",
    "",
    "Runs the conformance suites against a target (default: the embedded reference server), writes a JUnit",
    "report and results.json, and prints a summary.",
    "",
    "Every option can also be set by its environment variable or in the YAML file given to --config.",
    "Precedence: flag > environment variable > config file > default.",
    "",
    "Options:",
  ];
  const indent = " ".repeat(column);
  for (const spec of optionTable) {
    const left = `  --${spec.name}${spec.valueName === undefined ? "" : ` ${spec.valueName}`}`;
    const details = [spec.help];
    const notes: string[] = [];
    if (spec.env !== undefined) notes.push(`env ${spec.env}`);
    if (spec.defaultText !== undefined) notes.push(`default: ${spec.defaultText}`);
    if (isSwitch(spec) && spec.env !== undefined) notes.push(`--no-${spec.name} to turn off`);
    const body = wrap(details.join(" "), 110 - column);
    if (notes.length > 0) body.push(`[${notes.join("; ")}]`);
    const [first = "", ...rest] = body;
    out.push(left.length < column ? left.padEnd(column) + first : `${left}\n${indent}${first}`);
    for (const line of rest) out.push(indent + line);
  }
  out.push(
    "",
    "Proxy: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lower-case forms) from the environment are honoured.",
    "Config file keys are the option names above, kebab-case or camelCase (ca-file or caFile).",
    "",
    "Exit codes (the verdict decides; console, report.md, results.json and junit.xml show the same one):",
    "  0  pass: every selected check ran to a verdict, none failed at the --fail-on level",
    "  1  fail: the target broke the contract (conformance failures)",
    "  2  usage or configuration error (bad option, environment, config file; a suite or check",
    "     that does not exist, or a selection that selects no check)",
    "  3  incomplete: the run could not complete (target unreachable, login refused, interrupted,",
    "     harness or network errors, checks blocked so their verdict is unknown)",
    "Earlier versions exited 2 for every case that is now 3.",
  );
  return out.join("\n");
}
