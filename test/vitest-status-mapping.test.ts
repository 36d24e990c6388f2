/**
 * How conformance() turns check results into vitest tests, seen from a real vitest run (its own process,
 * on the files in test/fixtures/vitest/, which use the packed tarball as a user has it) against a
 * reference server with two faults: a MUST check fails
 * with the reports' message and evidence, a SHOULD check passes with a warning annotation (fails with
 * failOn "should"), skipped checks (by the target's dialect, or by the skip list) are skipped with their
 * reason, a skip list naming unknown checks fails its file at collection, naming them, and a target that
 * cannot be opened fails its file with the reason, every check skipped and the teardown still run. A
 * skip-listed check still runs, unreported, as the set-up of the checks after it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { skippedByList } from "./fixtures/vitest/mapping-run.ts";
import { skippedSetUp } from "./fixtures/vitest/skip-setup.ts";
import { checkIdOf, dialectOf, type NestedRun } from "./support/nested-vitest.ts";
import { packagedVitestRun } from "./support/packaged-vitest-run.ts";
import type { TestOutcome } from "./support/vitest-outcomes-reporter.ts";

const mustCatcher = "create-conflicts.client-token.not-uuid";
const shouldCatcher = "create-conflicts.client-token.idempotent";

let run: NestedRun;
let tornDown: boolean;

// The fixtures run in test/vitest-package's nested vitest, from the packed tarball installed in a mock
// author's project, each import of the sources turned into the package's (test/support/packaged-vitest-run.ts).
// Measured: the pack, the installs and the run take about 100 s on a loaded two-core machine from a fresh
// clone; the hook allows about three times that and more.
beforeAll(async () => {
  ({ run, tornDown } = await packagedVitestRun(600_000));
}, 900_000);

function testsOf(file: string): TestOutcome[] {
  return run.tests.filter((test) => test.file === file);
}

function failedIds(file: string): string[] {
  return testsOf(file)
    .filter((test) => test.state === "failed")
    .map((test) => `${checkIdOf(test.fullName)} [${dialectOf(test.fullName)}]`)
    .sort();
}

describe("conformance() in a vitest run", () => {
  it("fails the run, and never shows the password", () => {
    expect(run.code).toBe(1);
    expect(run.output).not.toContain("Mapping-Secret-1!");
    expect(run.output).not.toContain("Unknown-Skip-1!");
    expect(run.output).not.toContain("Unreachable-1!");
  });

  it("fails a file whose target cannot be opened with the reason, skips its checks, and still tears down", () => {
    const file = "unreachable.conformance.ts";
    const errors = run.errors.filter((error) => error.file === file).map((error) => error.message);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^cannot open the target: target unreachable: /);
    const tests = testsOf(file);
    expect(tests.length).toBeGreaterThan(10);
    expect(tests.filter((test) => test.state !== "skipped")).toEqual([]);
    expect(tornDown).toBe(true);
    expect(run.output).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("fails a file whose skip list names unknown checks, naming each with the nearest id", () => {
    expect(testsOf("unknown-skip.conformance.ts")).toEqual([]);
    const errors = run.errors.filter((error) => error.file === "unknown-skip.conformance.ts");
    expect(errors.map((error) => error.message)).toEqual([
      "conformance(): skip[0] names the unknown check lifecycle.create.returns-idd (did you mean lifecycle.create.returns-id?); skip[0] names the unknown check no-such.check",
    ]);
  });

  it("fails a MUST check with the reports' message and evidence; a SHOULD one passes with a warning", () => {
    const file = "fail-on-must.conformance.ts";
    expect(failedIds(file)).toEqual([`${mustCatcher} [api]`, `${mustCatcher} [rest]`]);
    for (const test of testsOf(file).filter((t) => checkIdOf(t.fullName) === mustCatcher)) {
      const [message = ""] = test.errors;
      expect(message).toMatch(
        /^create with a client_token that is not a UUID: the operation succeeded \(expected /,
      );
      expect(message).toContain(
        `\nCheck: ${mustCatcher} (create-conflicts, ${dialectOf(test.fullName)}, MUST;`,
      );
      expect(message).toMatch(/\nReproduce:\n {2}curl /);
    }
    const warned = testsOf(file).filter((t) => checkIdOf(t.fullName) === shouldCatcher);
    expect(warned.map((t) => t.state)).toEqual(["passed", "passed"]);
    for (const test of warned) {
      expect(test.annotations).toHaveLength(1);
      expect(test.annotations[0]?.type).toBe("warning");
      expect(test.annotations[0]?.message).toMatch(
        /^WARNING \(SHOULD\): create repeated with the same client_token/,
      );
    }
    const annotated = testsOf(file).filter((t) => t.annotations.length > 0);
    expect(annotated.map((t) => checkIdOf(t.fullName))).toEqual([shouldCatcher, shouldCatcher]);
  });

  it('fails the SHOULD check too with failOn: "should"', () => {
    const file = "fail-on-should.conformance.ts";
    expect(failedIds(file)).toEqual(
      [mustCatcher, shouldCatcher].flatMap((id) => [`${id} [api]`, `${id} [rest]`]).sort(),
    );
    expect(testsOf(file).filter((t) => t.annotations.length > 0)).toEqual([]);
  });

  it("skips the checks of the skip list, and those the target validly does not offer, with the reason", () => {
    for (const file of ["fail-on-must.conformance.ts", "fail-on-should.conformance.ts"]) {
      const skipped = testsOf(file).filter((test) => test.state === "skipped");
      const byList = skipped.filter((test) => checkIdOf(test.fullName) === skippedByList.id);
      expect(byList.map((test) => test.note)).toEqual([skippedByList.reason, skippedByList.reason]);
      const others = skipped.filter((test) => checkIdOf(test.fullName) !== skippedByList.id);
      // The 2014 action forms exist only in rest: the api dialect's post-vs-get checks of them skip themselves.
      expect(others.length).toBe(10);
      for (const test of others) {
        expect(test.fullName).toContain("post-vs-get [api] > ");
        expect(test.note).toBe("the 2014 action forms exist only in the rest dialect");
      }
      expect(testsOf(file).every((test) => ["passed", "failed", "skipped"].includes(test.state))).toBe(true);
    }
  });

  it("runs a skip-listed check unreported as the set-up of the checks after it", () => {
    const tests = testsOf("skip-setup.conformance.ts");
    const skipped = tests.filter((test) => test.state === "skipped");
    expect(skipped.map((test) => [checkIdOf(test.fullName), test.note])).toEqual([
      [skippedSetUp.id, skippedSetUp.reason],
    ]);
    const others = tests.filter((test) => checkIdOf(test.fullName) !== skippedSetUp.id);
    expect(others.length).toBeGreaterThan(10);
    expect(others.filter((test) => test.state !== "passed")).toEqual([]);
  });
});
