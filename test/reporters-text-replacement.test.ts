import { describe, expect, it } from "vitest";
import { replaceControlCharacters, replaceIllegalXmlCharacters } from "../reporters/text.ts";

/**
 * The replacements test a whole string with one pattern before walking it unit by unit. Their meaning is
 * the walk: every unit `keep` refuses, and every lone surrogate, becomes U+FFFD; a surrogate pair stays.
 * Compared here on every string of three units drawn from the boundaries of the kept ranges.
 */
function walk(text: string, keep: (code: number) => boolean): string {
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += text.slice(i, i + 2);
      i += 1;
    } else if (code >= 0xd800 && code <= 0xdfff) out += "\uFFFD";
    else out += keep(code) ? text[i] : "\uFFFD";
  }
  return out;
}

const xmlKeeps = (code: number) =>
  code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xfffd);
const terminalKeeps = (code: number) =>
  code === 0x9 || code === 0xa || (code >= 0x20 && code < 0x7f) || code > 0x9f;

const boundaries = [
  0x0, 0x9, 0xa, 0xd, 0x1f, 0x20, 0x41, 0x7e, 0x7f, 0x80, 0x9f, 0xa0, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff,
  0xe000, 0xfffd, 0xfffe, 0xffff,
];
const samples = boundaries.flatMap((a) =>
  boundaries.flatMap((b) => boundaries.map((c) => String.fromCharCode(a, b, c))),
);

describe("replacing what a report cannot show", () => {
  it("XML: the same as the unit-by-unit walk on every boundary string", () => {
    const differing = samples.filter((text) => replaceIllegalXmlCharacters(text) !== walk(text, xmlKeeps));
    expect(differing).toEqual([]);
  });

  it("terminals: the same as the walk after CR LF becomes LF", () => {
    const differing = samples.filter(
      (text) => replaceControlCharacters(text) !== walk(text.replace(/\r\n/g, "\n"), terminalKeeps),
    );
    expect(differing).toEqual([]);
  });

  it("keeps astral characters and returns clean text as it is", () => {
    const text = "caf\u00e9 \u{1F600} \u4e2d\u6587\tend\n";
    expect(replaceIllegalXmlCharacters(text)).toBe(text);
    expect(replaceControlCharacters(text)).toBe(text);
    expect(replaceIllegalXmlCharacters("a\u0000b\uD800")).toBe("a\uFFFDb\uFFFD");
    expect(replaceControlCharacters("a\u001b[31mb\r\nc\rd")).toBe("a\uFFFD[31mb\nc\uFFFDd");
  });
});
