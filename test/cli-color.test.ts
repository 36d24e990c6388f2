import { describe, expect, it } from "vitest";
import { useColor } from "../src/cli/color.ts";

const terminal = { isTTY: true };
const pipe = { isTTY: false };

describe("colour is decided per output stream", () => {
  it("colours a terminal and never a pipe or file, each stream on its own", () => {
    expect(useColor(terminal, undefined, {})).toBe(true);
    expect(useColor(pipe, undefined, {})).toBe(false);
    expect(useColor({}, undefined, {})).toBe(false);
    expect(useColor(terminal, undefined, { TERM: "dumb" })).toBe(false);
  });

  it("honours NO_COLOR (any non-empty value) over a terminal, and FORCE_COLOR over a pipe", () => {
    expect(useColor(terminal, undefined, { NO_COLOR: "1" })).toBe(false);
    expect(useColor(terminal, undefined, { NO_COLOR: "" })).toBe(true);
    expect(useColor(pipe, undefined, { FORCE_COLOR: "1" })).toBe(true);
    expect(useColor(pipe, undefined, { FORCE_COLOR: "" })).toBe(true);
    expect(useColor(terminal, undefined, { FORCE_COLOR: "0" })).toBe(false);
    expect(useColor(terminal, undefined, { FORCE_COLOR: "false" })).toBe(false);
    expect(useColor(pipe, undefined, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(false);
  });

  it("lets --color and --no-color beat the environment and the stream", () => {
    expect(useColor(pipe, true, { NO_COLOR: "1" })).toBe(true);
    expect(useColor(terminal, false, { FORCE_COLOR: "1" })).toBe(false);
  });
});
