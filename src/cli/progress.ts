/**
 * A live progress line for a terminal: one line at the bottom of stderr, rewritten in place as suites
 * finish, and erased before any other line is printed so it never mixes with them. On anything but a
 * terminal it prints nothing at all: logs get the per-suite lines only.
 */

export interface ProgressStream {
  isTTY?: boolean | undefined;
  write(text: string): unknown;
}

const eraseLine = "\r\u001b[2K";

export class ProgressLine {
  readonly #stream: ProgressStream;
  readonly #live: boolean;
  #shown = false;

  constructor(stream: ProgressStream, enabled: boolean) {
    this.#stream = stream;
    this.#live = enabled && stream.isTTY === true;
  }

  /** Prints a whole line above the progress line (which is then drawn again by the next `show`). */
  say(line: string): void {
    this.clear();
    this.#stream.write(`${line}\n`);
  }

  show(text: string): void {
    if (!this.#live) return;
    this.#stream.write(`${eraseLine}${text}`);
    this.#shown = true;
  }

  clear(): void {
    if (!this.#shown) return;
    this.#stream.write(eraseLine);
    this.#shown = false;
  }
}

/** `running: 3 of 22 suite runs done, 140 checks so far`. */
export function progressText(suitesDone: number, suitesPlanned: number, checksDone: number): string {
  const of = suitesPlanned > 0 ? ` of ${Math.max(suitesPlanned, suitesDone)}` : "";
  return `running: ${suitesDone}${of} suite runs done, ${checksDone} checks so far`;
}
