/**
 * "A pact failure is a usc run failure": for every fault variant of the reference server (and every
 * documented choice, server/faults.ts), when `usc pact verify` fails a dialect's pact, `usc run` fails in
 * that dialect too; and a documented choice, which `usc run` passes, passes the pacts (its optional forms
 * are pending: reported, not failed).
 *
 * Which variants are verified. A fault changes the server only where the server asks about it (at the
 * points its override wraps, server/deviations/); so a fault the server never asks about while it serves the
 * clean verification of the pacts answers that verification exactly as the clean server does, and passes it
 * as the clean server does. The test records the names asked about during the clean verification of both
 * pacts (ReferenceServerOptions.onFaultAsked; one job, which test/pact-verify.test.ts reads too) and
 * verifies only those faults, against both pacts: a name asked while either pact was verified counts for
 * both, which may verify a pact the fault cannot fail, never skips one it can. The rule is checked here,
 * on every run, not written down as a list.
 *
 * Cost. Each verification runs Pact's native verifier over a pact of 70 to 90 interactions, each building its
 * provider state: about a CPU-second, in worker processes that verify one job after another. The rule
 * leaves about 70 of the 92 variants to verify, minutes on two cores, too long for every `npm test`. So by default the test verifies the
 * documented choices (the variants `usc run` passes, where a contradiction is a pact failure) and the
 * clean pacts; USC_PACT_CONSISTENCY=all adds every fault variant, USC_PACT_CONSISTENCY=a,b the named ones.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { choiceNames, faultNames, startReferenceServer } from "../server/index.ts";
import type { Dialect } from "../spec/index.ts";
import { verifyExitCode } from "../src/pact/verify.ts";
import type { CatchMatrix, VariantRun } from "../scripts/support/catch-matrix-runner.ts";
import type { VerifyWorkers } from "../src/pact/verify-in-worker.ts";
import {
  inBatches,
  sharedCleanVerification,
  sharedPacts,
  tempDir,
  verificationWorkers,
  verifyAgainstReference,
  type SharedPacts,
} from "./support/pact-verification.ts";
import { runUsc, type UscRunOutcome } from "../scripts/support/run-embedded.ts";

const dialects: readonly Dialect[] = ["rest", "api"];
/**
 * Verifications at once, each in a worker process that goes on to the next. By default, four jobs: one
 * worker, as a second one costs about 1.3 CPU-seconds to start and warm up. With every fault, two (more
 * only queues on two cores).
 */
const lanes = process.env.USC_PACT_CONSISTENCY === undefined ? 1 : 2;
const packageRoot = fileURLToPath(new URL("../", import.meta.url));
const catchMatrixScript = fileURLToPath(new URL("../scripts/catch-matrix.ts", import.meta.url));

let exported: SharedPacts;
let state: ReturnType<typeof tempDir>;
let workers: VerifyWorkers;
const started = performance.now();

/** What verifying one variant gave, per dialect: its non-pending failures and its pending ones. */
interface PactRow {
  variant: string;
  failed: Dialect[];
  pendingFailed: Dialect[];
  problems: string[];
}
const rows: PactRow[] = [];

const pactOf = (dialect: Dialect) => exported.pactOf(dialect);

async function verifyVariant(variant: string, only: readonly Dialect[]): Promise<PactRow> {
  const row: PactRow = { variant, failed: [], pendingFailed: [], problems: [] };
  const run = await verifyAgainstReference(workers, only.map(pactOf), {
    dialect: "both",
    faults: [variant],
    stateDir: mkdtempSync(join(state.path, "state-")),
    deadlineMs: 180_000,
  });
  if (run.outcome === undefined) return { ...row, problems: [run.failure ?? "no outcome"] };
  if (run.outcome.fatal !== undefined) row.problems.push(run.outcome.fatal);
  for (const dialect of only) {
    const verdicts = run.outcome.verifications.find((v) => v.source === pactOf(dialect))?.verdicts ?? [];
    if (verdicts.some((v) => v.status === "failed")) row.failed.push(dialect);
    if (verdicts.some((v) => v.status === "pending-failed")) row.pendingFailed.push(dialect);
    const unverified = verdicts.filter((v) => v.status === "unverified");
    if (unverified.length > 0) row.problems.push(`${dialect}: ${unverified.length} not verified`);
  }
  return row;
}

/** The catch matrix's own runs of the named faults (scripts/catch-matrix.ts, in a process of its own). */
function catchMatrixRuns(faults: readonly string[], json: string): Promise<CatchMatrix> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", catchMatrixScript, "--json", json, "--no-write", "--parallel", "4", ...faults],
      { cwd: packageRoot, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", () => {
      if (!existsSync(json)) reject(new Error(`scripts/catch-matrix.ts wrote no results:\n${stderr}`));
      else resolve(JSON.parse(readFileSync(json, "utf8")) as CatchMatrix);
    });
  });
}

function failingDialects(run: Pick<VariantRun, "checks">, statuses: readonly string[]): Set<string> {
  return new Set(run.checks.filter((c) => statuses.includes(c.status)).map((c) => c.dialect));
}

/** The fault variants to verify besides the documented choices (see the cost note above). */
function selectedFaults(): string[] {
  const wanted = process.env.USC_PACT_CONSISTENCY?.trim() ?? "";
  if (wanted === "") return [];
  if (wanted === "all") return [...faultNames];
  const names = wanted.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !faultNames.includes(name as never));
  if (unknown.length > 0) throw new Error(`USC_PACT_CONSISTENCY names unknown faults: ${unknown.join(", ")}`);
  return names;
}

const user = { username: "consistency@vsphere.local", password: "Consistency-1!" };

/** A whole `usc run` (every suite, both dialects, --fail-on must) against a server with the variants. */
async function fullRun(variants: readonly string[]): Promise<UscRunOutcome> {
  const server = await startReferenceServer({ ...user, faults: [...variants] });
  try {
    return await runUsc(["--target", server.url], {
      timeoutMs: 240_000,
      env: { USC_USERNAME: user.username, USC_PASSWORD: user.password },
    });
  } finally {
    await server.close();
  }
}

/** Every fault takes several minutes on two cores (see the cost note above); the default takes seconds. */
const timeoutMs = process.env.USC_PACT_CONSISTENCY === undefined ? 300_000 : 3_600_000;

describe("a pact failure is a usc run failure, for every fault variant", { timeout: timeoutMs }, () => {
  beforeAll(async () => {
    exported = await sharedPacts();
    state = tempDir("usc-pact-consistency-state-");
    workers = await verificationWorkers(lanes);
    // The clean verification of both pacts, with every fault name the server asked about.
    const clean = await sharedCleanVerification(workers, exported);
    expect(clean.run.outcome && verifyExitCode(clean.run.outcome), `clean: ${clean.run.failure ?? ""}`).toBe(
      0,
    );
    const asked = new Set(clean.asked);
    const variants = [...selectedFaults(), ...choiceNames]
      .filter((name) => asked.has(name))
      .map((name) => ({ name, only: dialects }));
    rows.push(...(await inBatches(variants, lanes, ({ name, only }) => verifyVariant(name, only))));
    // The full runs of the tests below need the memory more than idle workers do.
    await workers.close();
  }, timeoutMs);

  afterAll(async () => {
    await workers?.close();
    state?.remove();
  }, 60_000);

  test("every verification ran to a verdict", () => {
    expect(rows.filter((row) => row.problems.length > 0)).toEqual([]);
  });

  test("the documented choices, which usc run passes, pass both pacts", async () => {
    for (const choice of choiceNames) {
      const row = rows.find((r) => r.variant === choice);
      // A choice the pact traffic never asks about cannot fail it (the rule above).
      expect(row?.failed ?? [], choice).toEqual([]);
    }
    // action-forms-not-served shows in the pact: its 2014 forms fail as pending, never as failures.
    expect(rows.find((r) => r.variant === "action-forms-not-served")?.pendingFailed).toEqual(["rest"]);
    const run = await fullRun([...choiceNames]);
    expect(run.results?.checks.filter((c) => c.status === "fail").map((c) => c.id)).toEqual([]);
    expect(run.code).toBe(0);
  });

  test("every fault that fails a dialect's pact fails usc run in that dialect", async () => {
    const failing = rows.filter((row) => row.failed.length > 0 && faultNames.includes(row.variant as never));
    const dir = mkdtempSync(join(tmpdir(), "usc-pact-consistency-"));
    try {
      const matrix: CatchMatrix =
        failing.length === 0
          ? {
              clean: { fault: undefined, suites: undefined, code: 0, checks: [], runErrors: [] },
              variants: [],
              profiles: [],
            }
          : await catchMatrixRuns(
              failing.map((row) => row.variant),
              join(dir, "runs.json"),
            );
      const missing: string[] = [];
      for (const row of failing) {
        const run = matrix.variants.find((v) => v.fault === row.variant);
        // The matrix runs only the suites of the fault's catchers, with --fail-on should: a check failing
        // there at MUST fails a full `usc run` as well.
        const failed = run === undefined ? new Set<string>() : failingDialects(run, ["fail"]);
        const unexplained = row.failed.filter((dialect) => !failed.has(dialect));
        if (unexplained.length === 0) continue;
        // Not shown by the catcher suites alone: a full run decides.
        const full = await fullRun([row.variant]);
        const fullFailed = failingDialects(full.results ?? { checks: [] }, ["fail"]);
        for (const dialect of unexplained) {
          if (!fullFailed.has(dialect))
            missing.push(`${row.variant}: the ${dialect} pact fails, usc run passes`);
        }
      }
      expect(missing).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const seconds = Math.round((performance.now() - started) / 1000);
    console.info(
      `pact/run consistency: ${rows.length} variants verified of ${faultNames.length + choiceNames.length}, ` +
        `${failing.length} failing a pact; ${seconds} s`,
    );
  });
});
