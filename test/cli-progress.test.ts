import { describe, expect, it } from "vitest";
import { ProgressLine, progressText } from "../src/cli/progress.ts";

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe("the live progress line", () => {
  it("is drawn in place on a terminal and erased before any other line", () => {
    const tty = stream(true);
    const progress = new ProgressLine(tty, true);
    progress.say("PASS    lifecycle [rest]");
    progress.show(progressText(1, 22, 30));
    progress.show(progressText(2, 22, 61));
    progress.say("usc run: removing scratch resources");
    progress.clear();
    expect(tty.written).toEqual([
      "PASS    lifecycle [rest]\n",
      "\r\u001b[2Krunning: 1 of 22 suite runs done, 30 checks so far",
      "\r\u001b[2Krunning: 2 of 22 suite runs done, 61 checks so far",
      "\r\u001b[2K",
      "usc run: removing scratch resources\n",
    ]);
  });

  it("prints nothing but the lines themselves to a pipe, or when turned off (--quiet)", () => {
    for (const [target, enabled] of [
      [stream(false), true],
      [stream(true), false],
    ] as const) {
      const progress = new ProgressLine(target, enabled);
      progress.show(progressText(1, 2, 3));
      progress.say("a line");
      progress.clear();
      expect(target.written).toEqual(["a line\n"]);
    }
  });
});
