import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReferenceServerHandle, startReferenceServer } from "../server/index.ts";
import { runCli } from "../scripts/support/run-cli.ts";
import { consumerSchemaErrors } from "./fixtures/junit/lint.ts";
import { sharedPacts } from "./support/pact-verification.ts";

// usc pact verify --report-dir writes the run's report formats, so a CI job publishes a pact verification
// with the same steps as a usc run: junit.xml the Jenkins schema accepts, results.json of the documented
// layout, one result per interaction.

const schema = JSON.parse(
  readFileSync(new URL("../docs/results.schema.json", import.meta.url), "utf8"),
) as object;
const user = { username: "pact-reports@vsphere.local", password: "Pact-Reports-1!" };

interface Results {
  summary: { exitVerdict: string; counts: Record<string, number> };
  checks: { key: string; suite: string; dialect: string; status: string; title: string; message: string }[];
}

describe("usc pact verify --report-dir", { timeout: 600_000 }, () => {
  let dir: string;
  let faulty: ReferenceServerHandle;
  /** The api pact of the run's one export (test/pact-cli.test.ts runs `usc pact export` itself). */
  let apiPact: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "usc-pact-reports-"));
    faulty = await startReferenceServer({ ...user, faults: ["second-active-session"] });
    apiPact = (await sharedPacts()).pactOf("api");
  }, 300_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await faulty.close();
  }, 60_000);

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

  it("reports the interaction a provider breaks as a failing result, in every format", async () => {
    const reports = join(dir, "faulty");
    const broken = await runCli(
      ["pact", "verify", "--pact", apiPact, "--target", faulty.url, "--report-dir", reports],
      { timeoutMs: 300_000, env: { USC_USERNAME: user.username, USC_PASSWORD: user.password } },
    );
    expect(broken.code).toBe(1);
    const results = JSON.parse(readFileSync(join(reports, "results.json"), "utf8")) as Results;
    expect(results.summary.exitVerdict).toBe("fail");
    const failed = results.checks.filter((check) => check.status === "fail");
    expect(failed.map((check) => check.title)).toContain(
      "create on a library item that has an ACTIVE session fails with resource_busy",
    );
    expect(failed.find((check) => check.title.includes("resource_busy"))?.message).toMatch(
      /status: expected 400, got 201/,
    );
    const junit = readFileSync(join(reports, "junit.xml"), "utf8");
    expect(junit).toMatch(
      /<testcase name="pact\.interaction: create on a library item that has an ACTIVE session fails with resource_busy"[^>]*>\s*<failure /,
    );
    expect(await consumerSchemaErrors(junit)).toEqual([]);
    for (const name of ["junit.xml", "results.json", "report.md", "report.html"])
      expect(readFileSync(join(reports, name), "utf8")).not.toContain(user.password);
  });
});
