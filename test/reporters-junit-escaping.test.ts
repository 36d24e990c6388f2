import { describe, expect, it } from "vitest";
import { toJUnitXml } from "../reporters/junit.ts";
import { blocksOf, canonicalXml, elements, textsOf } from "./fixtures/junit/lint.ts";
import { nastyRun, nastyText } from "./support/sample-run.ts";

/** Characters XML 1.0 forbids anywhere in a document, even as character references. */
function illegalXmlCharacters(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i += 1;
      continue;
    }
    const legal =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd);
    if (!legal) found.push(`U+${code.toString(16).padStart(4, "0")}`);
  }
  return found;
}

/** The testcases of checks, leaving out the run's own (verdict and run errors). */
function checkTestcases(canonical: string): string[] {
  return blocksOf(canonical, "testcase").filter((block) => !block.includes('classname="usc.run"'));
}

/** What survives of the hostile text: markup characters, quotes, CDATA terminator and non-ASCII intact. */
const survivingFragments = ["a < b && c > d ]]> \"double\" 'single'", "é 日本語 🚀", "`tick` | pipe"];

describe("JUnit escaping of hostile text", () => {
  const run = nastyRun();
  const xml = toJUnitXml(run);

  it("writes no character XML 1.0 forbids", () => {
    expect(illegalXmlCharacters(nastyText)).not.toEqual([]);
    expect(illegalXmlCharacters(xml)).toEqual([]);
  });

  it("keeps attribute values intact, with forbidden characters shown as U+FFFD", async () => {
    const canonical = await canonicalXml(xml);
    const [failure] = elements(canonical, "failure");
    const message = failure?.["message"] ?? "";
    for (const fragment of survivingFragments) expect(message).toContain(fragment);
    expect(message).toContain("\uFFFDnul \uFFFDsoh \uFFFD[31mred");
    // eslint-disable-next-line no-control-regex -- the forbidden characters are what this looks for
    expect(message).not.toMatch(/[\u0000\u0001\u001b]/);
    const failed = checkTestcases(canonical).find((block) => block.includes("<failure")) ?? "";
    expect(textsOf(failed, "system-out")[0]).toContain("req.with<angle>&amp");
  });

  it("keeps text intact across CDATA sections, including a literal ]]>", async () => {
    const canonical = await canonicalXml(xml);
    const [details] = textsOf(canonical, "failure");
    for (const fragment of survivingFragments) expect(details).toContain(fragment);
    expect(xml).toContain("]]]]><![CDATA[>");
    for (const testcase of checkTestcases(canonical))
      expect(textsOf(testcase, "system-out")[0]).toContain("]]>");
  });

  it("shortens bodies over 4 KiB in the transcript and says so", async () => {
    const canonical = await canonicalXml(xml);
    const outputs = textsOf(canonical, "system-out").filter((out) => out.includes("--- exchange"));
    expect(outputs.length).toBeGreaterThan(0);
    for (const out of outputs) {
      expect(out).toMatch(/\[truncated: showing \d+ of \d+ bytes; the JSON results hold the whole body\]/);
      expect(out).not.toContain("x".repeat(5000));
    }
  });
});
