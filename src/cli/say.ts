/**
 * A line for the person at the terminal, on stderr: stdout carries only what a script reads (a verdict,
 * a list, a pact). `usc run` routes its lines through its progress line instead (run.ts), so a live
 * progress line never mixes with them.
 */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
