import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReferenceServerHandle, startReferenceServer } from "../server/index.ts";
import type { UscRunOutcome } from "../scripts/support/run-embedded.ts";
import { runUscInProcess } from "./support/usc-in-process.ts";

// results.json is an interface other tools read (compare, baselines, dashboards): its JSON Schema ships in
// docs/ and must hold for real runs, passing and failing; every result has a unique key; and the order of
// results does not depend on how the run was scheduled.

const schema = JSON.parse(
  readFileSync(new URL("../docs/results.schema.json", import.meta.url), "utf8"),
) as object;
const suites = ["--suite", "lifecycle,wrong-state,files,auth"];
const user = { username: "schema@vsphere.local", password: "Schema-1!" };

function keysOf(outcome: UscRunOutcome): string[] {
  return ((outcome.results?.checks ?? []) as unknown as { key: string }[]).map((check) => check.key);
}

describe("results.json", { timeout: 300_000 }, () => {
  let serial: UscRunOutcome;
  let parallel: UscRunOutcome;
  let failing: UscRunOutcome;
  let faulty: ReferenceServerHandle;
  beforeAll(async () => {
    faulty = await startReferenceServer({ ...user, faults: ["expiration-missing", "cancel-ends-any-state"] });
    [serial, parallel, failing] = await Promise.all([
      runUscInProcess([...suites, "--concurrency", "1"], { timeoutMs: 240_000 }),
      runUscInProcess([...suites, "--concurrency", "4"], { timeoutMs: 240_000 }),
      runUscInProcess(["--target", faulty.url, ...suites], {
        timeoutMs: 240_000,
        env: { USC_USERNAME: user.username, USC_PASSWORD: user.password },
      }),
    ]);
  }, 300_000);
  afterAll(async () => faulty.close(), 60_000);

  it("matches docs/results.schema.json for passing and failing runs", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(serial.code).toBe(0);
    expect(parallel.code).toBe(0);
    expect(failing.code).toBe(1);
    for (const outcome of [serial, parallel, failing]) {
      const valid = validate(outcome.results);
      expect(valid ? [] : validate.errors).toEqual([]);
    }
    expect((failing.results as unknown as { schemaVersion: number }).schemaVersion).toBe(1);
  });

  it("gives every result a unique key, including the per-operation schema results", () => {
    for (const outcome of [serial, failing]) {
      const keys = keysOf(outcome);
      expect(keys.length).toBeGreaterThan(100);
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(keysOf(serial)).toContain("rest/lifecycle/protocol.response-schema/updateSession.create");
  });

  it("lists results in the same order whatever the concurrency, in every report", () => {
    expect(keysOf(parallel)).toEqual(keysOf(serial));
    const suiteOrder = (junit: string | undefined) =>
      [...(junit ?? "").matchAll(/<testsuite name="([^"]+)"/g)].map((match) => match[1]);
    expect(suiteOrder(parallel.junit)).toEqual(suiteOrder(serial.junit));
    expect(suiteOrder(serial.junit).slice(1, 3)).toEqual(["lifecycle [rest]", "lifecycle [api]"]);
    const headings = (markdown: string | undefined) => (markdown ?? "").match(/^### .+$/gm) ?? [];
    expect(headings(parallel.markdown)).toEqual(headings(serial.markdown));
  });
});
