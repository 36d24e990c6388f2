import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../scripts/support/run-cli.ts";
import { consumerSchemaErrors } from "./fixtures/junit/lint.ts";
import { sharedPacts } from "./support/pact-verification.ts";

// usc pact verify --report-dir writes the run's report formats, so a CI job publishes a pact verification
// with the same steps as a usc run: junit.xml the Jenkins schema accepts, results.json of the documented
// layout, one result per interaction. A provider that breaks the contract: test/pact-cli.test.ts reads the
// reports of its failing verification (one usc process for its summary and its reports).

const schema = JSON.parse(
  readFileSync(new URL("../docs/results.schema.json", import.meta.url), "utf8"),
) as object;

interface Results {
  summary: { exitVerdict: string; counts: Record<string, number> };
  checks: { key: string; suite: string; dialect: string; status: string; title: string; message: string }[];
}

describe("usc pact verify --report-dir", { timeout: 600_000 }, () => {
  let dir: string;
  /** The api pact of the run's one export (test/pact-cli.test.ts runs `usc pact export` itself). */
  let apiPact: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "usc-pact-reports-"));
    apiPact = (await sharedPacts()).pactOf("api");
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the run's formats for a verified provider", async () => {
    const reports = join(dir, "clean");
    const verified = await runCli(["pact", "verify", "--pact", apiPact, "--report-dir", reports], {
      timeoutMs: 300_000,
    });
    expect(verified.code).toBe(0);
    expect(verified.stderr).toMatch(
      /usc pact verify: reports: .*junit\.xml, .*results\.json, .*report\.md, .*report\.html/,
    );
    const results = JSON.parse(readFileSync(join(reports, "results.json"), "utf8")) as Results;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(results) ? [] : validate.errors).toEqual([]);
    expect(results.summary.exitVerdict).toBe("pass");
    expect(results.checks.length).toBeGreaterThan(50);
    expect(new Set(results.checks.map((check) => check.key)).size).toBe(results.checks.length);
    expect(new Set(results.checks.map((check) => `${check.suite} ${check.dialect} ${check.status}`))).toEqual(
      new Set(["pact api pass"]),
    );
    expect(await consumerSchemaErrors(readFileSync(join(reports, "junit.xml"), "utf8"))).toEqual([]);
  });
});
