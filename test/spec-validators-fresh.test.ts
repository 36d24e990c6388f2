import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  generateCommand,
  generateValidatorsModule,
  generatedValidatorsUrl,
} from "../spec/validator-codegen.ts";

/** Line endings as committed, whatever a checkout turned them into. */
const normalised = (text: string) => text.replace(/\r\n/g, "\n");

describe("the generated validators", () => {
  // Generating compiles every schema of both dialects: a few seconds on a loaded machine.
  it("are what spec/openapi/*.yaml give today", () => {
    const committed = normalised(readFileSync(generatedValidatorsUrl, "utf8"));
    const fresh = generateValidatorsModule();
    // Comparing booleans keeps a 700 KiB diff out of the report; the message says what to do.
    expect(
      committed === fresh,
      `spec/generated/validators.js is stale against spec/openapi/*.yaml: run \`${generateCommand}\``,
    ).toBe(true);
  }, 120_000);

  it("are the same bytes when generated twice", () => {
    expect(generateValidatorsModule() === generateValidatorsModule()).toBe(true);
  }, 120_000);
});
