/**
 * The vitest integration as a mock author gets it: `npm pack`, the tarball installed into an empty project
 * and vitest added to it, and test files there that start a reference server and call `conformance()` from
 * `update-session-conformance/vitest`. Against the conforming server every check passes (or skips where the
 * documents give a form to one dialect only); against a fault variant exactly that fault's catchers fail.
 * The file also type-checks for a strict NodeNext TypeScript consumer.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { typeCheckConsumer } from "./support/consumer-tsconfig.ts";
import { installedProject, packageAlone, workDir } from "./support/installed-project.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faultTable } from "../server/index.ts";
import { checkIdOf, dialectOf, runNestedVitest, type NestedRun } from "./support/nested-vitest.ts";
import type { TestOutcome } from "./support/vitest-outcomes-reporter.ts";

const repo = fileURLToPath(new URL("..", import.meta.url));
const vitestVersion = (
  JSON.parse(readFileSync(join(repo, "node_modules", "vitest", "package.json"), "utf8")) as {
    version: string;
  }
).version;
/** A fault whose catchers are MUST checks in both dialects and nothing else fails with it (docs/catch-matrix.md). */
const faultName = "client-token-unchecked";
const password = "Tarball-Conformance-1!";

/**
 * A consumer's test file: what README shows a mock author, with a server fault or not and an idle timeout.
 * The clean file gives the server and conformance() a short idle timeout, so the expiry checks that wait
 * for an idle session to expire run and must pass too (it covers what test/vitest-conformance.test.ts ran
 * from the sources): 6 s, the longest the expiry suite waits for (its budget), and more than the 4 s a
 * check of create-conflicts took under a load average of 20 (a session must not expire between two of its
 * requests; vitest-conformance had 5 s). The fault file keeps the documented five minutes (its expiry checks
 * skip; only the fault's catchers are judged there).
 */
function consumerTest(variant: { faults: string[]; idleTimeoutSeconds?: number; stateDir: string }): string {
  return `import { startReferenceServer } from "update-session-conformance";
import { conformance } from "update-session-conformance/vitest";

const admin = { username: "tarball@vsphere.local", password: ${JSON.stringify(password)} };
const otherUser = { username: "tarball-other@vsphere.local", password: "Tarball-Other-1!" };
const limitedUser = { username: "tarball-limited@vsphere.local", password: "Tarball-Limited-1!" };
const idleTimeoutSeconds = ${variant.idleTimeoutSeconds ?? "undefined"};

const server = await startReferenceServer({
  ...admin,
  users: [otherUser, { ...limitedUser, privileges: ["System.Anonymous", "System.View", "System.Read"] }],
  faults: ${JSON.stringify(variant.faults)},
  idleTimeoutSeconds,
});

conformance({
  target: server.url,
  ...admin,
  otherUser,
  limitedUser,
  idleTimeoutSeconds,
  failOn: "should",
  stateDir: ${JSON.stringify(variant.stateDir)},
  teardown: () => server.close(),
});
`;
}

const cleanFile = "conformance.test.ts";
const faultFile = "conformance-fault.test.ts";

interface Result {
  code: number;
  output: string;
}

function ok(result: Result): void {
  expect(result.code, result.output).toBe(0);
}

/** The installed project (shared by every run of this tree) and this run's directory inside it. */
let project: string;
let work: string;
let nestedRun: Promise<NestedRun>;
let typeCheck: Promise<Result>;

// One pack and one install serve every test, and the next run of an unchanged tree
// (test/support/installed-project.ts); the vitest run and the type check then go side by side.
// Measured on a two-core machine under a load average of 20: pack (a full build) 70 s, install from the npm
// cache 45 s, the vitest runs and the type check about 200 s together; the hook allows about three times that.
beforeAll(async () => {
  // The package as test/package-tarball installs it, then vitest added beside it.
  project = await installedProject({
    name: "mock-author",
    args: [`vitest@${vitestVersion}`],
    onTopOf: packageAlone(400_000),
    timeoutMs: 400_000,
  });
  work = workDir(project, "vitest-package");
  const clean = consumerTest({ faults: [], idleTimeoutSeconds: 6, stateDir: "state-clean" });
  writeFileSync(join(work, cleanFile), clean);
  writeFileSync(join(work, faultFile), consumerTest({ faults: [faultName], stateDir: "state-fault" }));
  // One vitest process runs both files, in one worker (--no-isolate): each file starts its own server and
  // calls conformance() once, so its outcomes stay its own (the tests below read them by file), for about
  // 2 CPU-seconds less than a vitest process, and a worker, for each.
  nestedRun = runNestedVitest({
    cwd: work,
    vitestRoot: project,
    args: ["--no-isolate", cleanFile, faultFile],
    timeoutMs: 600_000,
  });
  typeCheck = typeCheckConsumer({
    project,
    repo,
    name: "vitest",
    files: { [cleanFile]: clean },
  }).then((result) => ({ code: result.code, output: `${result.stdout}\n${result.stderr}` }));
  // Both settle before the tests read them; a rejection is reported by the test that awaits it.
  await Promise.allSettled([nestedRun, typeCheck]);
}, 900_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

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
    expect(run.errors, run.output).toEqual([]);
    expect(failed(testsOf(run, faultFile)), run.output).toEqual(expected.sort());
    // The clean file fails nothing (above): these failures alone fail the run.
    expect(run.code).toBe(1);
    expect(run.output).not.toContain(password);
  });

  it("type-checks for a strict NodeNext TypeScript consumer", async () => {
    ok(await typeCheck);
  });
});
