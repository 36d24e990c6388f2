/**
 * The vitest integration as a mock author gets it: `npm pack`, the tarball installed into an empty project
 * and vitest added to it, and test files there that start a reference server and call `conformance()` from
 * `update-session-conformance/vitest`. Against the conforming server every check passes (or skips where the
 * documents give a form to one dialect only); against a fault variant exactly that fault's catchers fail.
 * The file also type-checks for a strict NodeNext TypeScript consumer.
 */
import { consumerTypeChecks } from "./support/consumer-type-checks.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { faultTable } from "../server/faults.ts";
import { checkIdOf, dialectOf, type NestedRun } from "./support/nested-vitest.ts";
import {
  faultName,
  mockAuthorFiles,
  mockAuthorProject,
  packagedVitestRun,
  password,
} from "./support/packaged-vitest-run.ts";
import type { TestOutcome } from "./support/vitest-outcomes-reporter.ts";

const cleanFile = mockAuthorFiles.clean.name;
const faultFile = mockAuthorFiles.fault.name;

interface Result {
  code: number;
  output: string;
}

function ok(result: Result): void {
  expect(result.code, result.output).toBe(0);
}

let nestedRun: Promise<NestedRun>;
let typeCheck: Promise<Result>;

// One pack and one install serve every test, and the next run of an unchanged tree
// (test/support/installed-project.ts); the nested vitest run (shared with test/vitest-status-mapping,
// test/support/packaged-vitest-run.ts) and the type check then go side by side.
// Measured on a two-core machine under a load average of 20: pack (a full build) 70 s, install from the npm
// cache 45 s, the vitest runs and the type check about 200 s together; the hook allows about three times that.
beforeAll(async () => {
  await mockAuthorProject(400_000);
  nestedRun = packagedVitestRun(600_000).then(({ run }) => run);
  // The clean file, as the mock author's TypeScript sees it (with test/package-tarball's consumer, in one
  // process: test/support/consumer-type-checks.ts).
  typeCheck = consumerTypeChecks(800_000).then(({ vitest }) => ({
    code: vitest.code,
    output: `${vitest.stdout}\n${vitest.stderr}`,
  }));
  // Both settle before the tests read them; a rejection is reported by the test that awaits it.
  await Promise.allSettled([nestedRun, typeCheck]);
}, 900_000);

function testsOf(run: NestedRun, file: string): TestOutcome[] {
  return run.tests.filter((test) => test.file === file);
}

function failed(tests: TestOutcome[]): string[] {
  return tests
    .filter((test) => test.state === "failed")
    .map((test) => `${checkIdOf(test.fullName)} [${dialectOf(test.fullName)}]`)
    .sort();
}

describe("update-session-conformance/vitest from the packed tarball", () => {
  it("passes every check against the reference server", async () => {
    const run = await nestedRun;
    // What would fail a vitest run of this file alone: an error of the file, or one outside any file.
    const errors = run.errors.filter((error) => error.file === undefined || error.file === cleanFile);
    expect(errors, run.output).toEqual([]);
    const tests = testsOf(run, cleanFile);
    expect(failed(tests), run.output).toEqual([]);
    expect(tests.filter((test) => test.state === "passed").length).toBeGreaterThan(250);
    // Skipped only where the documents give a form to the rest dialect alone (docs/catch-matrix.md).
    const skipped = tests.filter((test) => test.state === "skipped");
    expect(skipped.map((test) => dialectOf(test.fullName))).toEqual(skipped.map(() => "api"));
    expect(skipped.length).toBe(11);
    // With the short idle timeout the checks that wait for a session to expire ran, and passed.
    const expiry = tests.filter((test) => test.fullName.includes(" > expiry ["));
    expect(expiry.length).toBeGreaterThan(4);
    expect(expiry.filter((test) => test.state !== "passed")).toEqual([]);
    const passed = tests.filter((test) => test.state === "passed").map((test) => checkIdOf(test.fullName));
    for (const id of ["expiry.expiration.lower-bound", "expiry.idle-session.expires"])
      expect(passed.filter((passedId) => passedId === id)).toHaveLength(2);
    expect(run.output).not.toContain(password);
  });

  it(`fails exactly the catchers of the ${faultName} fault`, async () => {
    const fault = faultTable.find((row) => row.name === faultName);
    expect(fault).toBeDefined();
    const expected = (fault?.catchers ?? []).flatMap((id) =>
      (fault?.dialects ?? []).map((d) => `${id} [${d}]`),
    );
    const run = await nestedRun;
    const errors = run.errors.filter((error) => error.file === undefined || error.file === faultFile);
    expect(errors, run.output).toEqual([]);
    expect(failed(testsOf(run, faultFile)), run.output).toEqual(expected.sort());
    // Failed tests fail the run (the fixtures of test/vitest-status-mapping in the same run fail too).
    expect(run.code).toBe(1);
    expect(run.output).not.toContain(password);
  });

  it("type-checks for a strict NodeNext TypeScript consumer", async () => {
    ok(await typeCheck);
  });
});
