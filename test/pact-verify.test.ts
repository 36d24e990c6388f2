/**
 * Export, then verify: the reference server satisfies both pacts, and each fault variant below breaks its
 * dialect's pact with a mismatch on the interaction meant to catch it. A fault's job verifies a copy of its
 * dialect's pact holding only that interaction (support/pact-verification.ts `pactOfOne`): each interaction
 * builds its own provider state, so the copy decides it as the whole pact does, for a tenth of the CPU (the
 * whole pacts are verified against the clean server). Verifications run in one worker process that
 * verifies one job after another, each job bounded, each given exactly Pact's report of its own pact.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Dialect } from "../spec/index.ts";
import type { VerifyWorkers, WorkerRun } from "../src/pact/verify-in-worker.ts";
import { verifyExitCode } from "../src/pact/verify.ts";
import {
  inBatches,
  pactOfOne,
  sharedCleanVerification,
  sharedPacts,
  tempDir,
  verificationWorkers,
  verifyAgainstReference,
  type CleanVerification,
  type SharedPacts,
} from "./support/pact-verification.ts";

/**
 * One worker for the ten jobs: a second one cost about 1.3 CPU-seconds to start and warm up (the pact
 * library, its native core, our modules), more than it saved on a machine whose cores the other test
 * files keep busy.
 */
const lanes = 1;
let exported: SharedPacts;
let state: ReturnType<typeof tempDir>;
let workers: VerifyWorkers;
let clean: Promise<CleanVerification>;
let faultRuns: Promise<WorkerRun[]>;

beforeAll(async () => {
  exported = await sharedPacts();
  state = tempDir("usc-pact-verify-test-");
  workers = await verificationWorkers(lanes);
  // Both start now, in this order. The clean verification is made by whichever pact file asks first: when
  // test/pact-run-consistency.test.ts makes it in another process, the fault variants' jobs keep this
  // file's worker busy meanwhile instead of waiting idle. Made here, its job starts its server first and so
  // comes first in the worker's queue (at worst after one fault job).
  clean = sharedCleanVerification(workers, exported);
  faultRuns = inBatches(faults, lanes, ({ fault, dialect, interaction }) =>
    verifyAgainstReference(workers, [pactOfOne(exported.pactOf(dialect), interaction, state.path)], {
      dialect,
      faults: [fault],
      stateDir: state.path,
    }),
  );
  // Awaited by the tests below; until then a failure must not count as an unhandled rejection.
  for (const pending of [clean, faultRuns]) pending.catch(() => undefined);
}, 200_000);

afterAll(async () => {
  await workers?.close();
  state?.remove();
}, 60_000);

/**
 * The consumers of the pacts a report verifies: Pact starts each pact's report with a line naming the pair
 * (its failure lists repeat the words, numbered), so a job's report holds one such line per pact it verified.
 */
function reportedConsumers(pactOutput: string): string[] {
  // eslint-disable-next-line no-control-regex -- the report is coloured with ANSI escapes
  const plain = pactOutput.replace(/\u001b\[[0-9;]*m/g, "");
  return [...plain.matchAll(/^Verifying a pact between (\S+) and/gm)].map((m) => m[1] ?? "");
}

test("the reference server satisfies both exported pacts, every interaction verified", async () => {
  // One job verifying both pacts, shared with test/pact-run-consistency.test.ts (made by whichever asks first).
  const { run } = await clean;
  expect(run.failure).toBeUndefined();
  const outcome = run.outcome;
  expect(outcome?.fatal).toBeUndefined();
  expect(outcome?.problems).toEqual([]);
  for (const pact of exported.pacts) {
    const verification = outcome?.verifications.find((v) => v.source === pact.path);
    // Every interaction of the file ran in the verifier: the V4 file loads, its states and values resolve.
    expect(verification?.verdicts).toHaveLength(pact.interactions);
    expect(verification?.verdicts.filter((v) => v.status !== "passed")).toEqual([]);
  }
  expect(outcome === undefined ? undefined : verifyExitCode(outcome)).toBe(0);
  // Pact's own report was produced (and captured, not printed).
  expect(run.pactOutput).toContain("Verifying a pact between");
  expect(reportedConsumers(run.pactOutput).sort()).toEqual(exported.pacts.map((p) => p.consumer).sort());
}, 200_000);

/**
 * A fault, the pact it shows in, the interaction meant to catch it and what its mismatch says.
 * complete-outside-active (api: "complete on a DONE session fails with not_allowed_in_current_state",
 * "status: expected 400, got 204") is verified by test/pact-cli.test.ts, through `usc pact verify` as a user
 * runs it, with the same assertions: exit 1, that interaction failed with that mismatch, none unverified.
 */
const faults: Array<{
  fault: string;
  dialect: Dialect;
  interaction: string;
  mismatch: string;
  /** The interaction is pending (an optional form): reported with its mismatch, not failing the pact. */
  pending?: true;
}> = [
  {
    fault: "second-active-session",
    dialect: "api",
    interaction: "create on a library item that has an ACTIVE session fails with resource_busy",
    mismatch: "status: expected 400, got 201",
  },
  {
    fault: "not-found-plain-text",
    dialect: "rest",
    interaction: "get with an id that names no session fails with not_found",
    mismatch: "the actual content type was 'text/plain'",
  },
  {
    fault: "rest-unwrapped",
    dialect: "rest",
    interaction: "get of an ACTIVE session returns its model",
    mismatch: "missing the following keys: value",
  },
  {
    fault: "api-wrapped",
    dialect: "api",
    interaction: "get of an ACTIVE session returns its model",
    mismatch: "missing the following keys: client_progress, expiration_time",
  },
  {
    fault: "wrong-success-codes",
    dialect: "api",
    interaction: "complete of an ACTIVE session without files succeeds",
    mismatch: "status: expected 204, got 200",
  },
  {
    fault: "errors-without-messages",
    dialect: "api",
    interaction: "get with an id that names no session fails with not_found",
    mismatch: "missing the following keys: messages",
  },
  {
    fault: "unauthenticated-empty-body",
    dialect: "rest",
    interaction: "get without a session header fails with unauthenticated",
    mismatch: "but was empty",
  },
  {
    fault: "expiration-no-zone",
    dialect: "api",
    interaction: "get of an ACTIVE session returns its model",
    mismatch: "body $.expiration_time: Expected '",
  },
  {
    fault: "action-get-empty",
    dialect: "rest",
    interaction:
      "get of an ACTIVE session returns its model [2014 form: POST ?~action=get, the id in the path]",
    mismatch: "but was empty",
    // The 2014 forms are MAY (erratum E23): usc run only warns about them, so the pact does not fail.
    pending: true,
  },
];

describe("fault variants of the reference server fail verification", () => {
  let runs: WorkerRun[] = [];

  beforeAll(async () => {
    runs = await faultRuns;
  }, 240_000);

  test.each(faults.map((row, index) => ({ ...row, index })))(
    "$fault: '$interaction' fails ($dialect)",
    ({ index, dialect, interaction, mismatch, pending }) => {
      const run = runs[index];
      expect(run?.failure).toBeUndefined();
      // The worker verified other jobs before and after this one: its report is this job's alone.
      expect(reportedConsumers(run?.pactOutput ?? "")).toEqual([`update-session-conformance-${dialect}`]);
      const outcome = run?.outcome;
      expect(outcome?.fatal).toBeUndefined();
      expect(outcome === undefined ? undefined : verifyExitCode(outcome)).toBe(pending ? 0 : 1);
      const verdicts = outcome?.verifications.flatMap((v) => v.verdicts) ?? [];
      // The job verified the one interaction of its copy of the pact, and that one reached a verdict.
      expect(verdicts.map((v) => v.description)).toEqual([interaction]);
      const verdict = verdicts.find((v) => v.description === interaction);
      expect(verdict?.status).toBe(pending ? "pending-failed" : "failed");
      expect(verdict?.mismatches).toEqual(expect.arrayContaining([expect.stringContaining(mismatch)]));
      // No verdict was lost to a state that could not be built: the fault was seen, not guessed.
      expect(verdicts.filter((v) => v.status === "unverified")).toEqual([]);
    },
  );
});
