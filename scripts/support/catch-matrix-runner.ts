import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { faultTable, startReferenceServer, type FaultDefinition } from "../../server/index.ts";
import { faultCatchers } from "./fault-check-names.ts";
import { memoryWorkDir } from "./memory-work-dir.ts";
import { runCommandSafely } from "../../src/cli/main.ts";
import type { CheckResult, CheckStatus, RunResult } from "../../src/results/model.ts";
import { catalogues } from "../../src/catalogue/index.ts";
import { waitingItemsMarker } from "../../fixtures/expiry-items.ts";

/**
 * The catch matrix: `usc run` against the unmodified reference server and against one variant per fault
 * (server/faults.ts), each variant a reference server with exactly that fault. Shared by
 * scripts/catch-matrix.ts (which runs it and writes the document) and test/catch-matrix.test.ts (which runs
 * the script and asserts what it found).
 *
 * The runs are in-process: `usc run`'s own command (src/cli/run.ts, as `main(["run", ...])` runs it for
 * bin/usc.js) with real arguments, its real exit code and its results, a few at a time. A separate
 * `usc` process per run would pay the CLI's start-up (loader, spec, validators) 170 times over, about twice
 * the CPU of the whole matrix on a two-core machine. runCatchMatrix therefore owns its process: it silences
 * stdout and stderr while the runs print, and works in a temporary directory.
 *
 * The one difference from `usc run`: the runs write no report. Each hands over the redacted run that
 * results.json would hold (src/cli/run.ts, runCommandHandingOver), the one thing the matrix reads: JUnit,
 * Markdown and HTML render every transcript again, about a tenth of a one-suite run's CPU, and results.json
 * was written and parsed back only to be read here.
 */

/*
 * One fault per server, one server per run: why the fault runs are not batched.
 *
 * A fault's row is everything its own run gives: the exit code and every failing check with its dialects.
 * Two faults F and G on one server could share a run only if each row were provably what F's (or G's) own
 * run gives. The server tells which faults it asks about (onFaultAsked): an override whose point is never
 * reached changes nothing, so by induction over the server's events, a run of {F, G} in which G is never
 * asked is a run of F alone, and F's row may be read from it. That is the only proof the server offers,
 * and it gives one row per run: G's row needs F never asked, and a run where neither is asked served no
 * deviation, which no fault's run is (each fails its run, so its point is reached). Once G is asked, every
 * later answer may depend on it through the state the checks share (sessions, files, items, the clock),
 * and a check's verdict rests on its answers and on what earlier checks left: attributing requests to
 * checks does not separate the faults, only a server reporting what each request reads and writes would.
 * Runs selecting disjoint suites do not help either: the later suites start from the state the earlier
 * ones left, not a fresh server, and a fault of the earlier suites is asked by the later ones' traffic.
 *
 * Measured (lifecycle-only faults, --suite lifecycle): of 165 pairs on one server, both faults were asked
 * in 155, and in 47 the failing checks were not even the union of the two faults' own rows (a catcher
 * masked: wrong-success-codes with upload-endpoint-url loses lifecycle.complete.done [api]). Of 24 pairs
 * of a lifecycle and a wrong-state fault, both suites on one server, 8 changed a suite's failing checks
 * (wrong-success-codes and json-as-text-plain act on every operation). So each fault keeps its own server
 * and run; what the runs share is the process (loaded once) and nothing of the target.
 */

/** Where scripts/catch-matrix.ts writes the matrix. */
export const catchMatrixPath = new URL("../../docs/catch-matrix.md", import.meta.url);

const user = { username: "catch-matrix@vsphere.local", password: "Catch-Matrix-1!" };
/** The list isolation check needs a second user; the servers get one and `usc run` is told about it. */
const otherUser = { username: "catch-matrix-other@vsphere.local", password: "Catch-Matrix-Other-1!" };
/** The privilege checks need a user without ContentLibrary.UpdateSession: a read-only one. */
const limitedUser = {
  username: "catch-matrix-limited@vsphere.local",
  password: "Catch-Matrix-Limited-1!",
  privileges: ["System.Anonymous", "System.View", "System.Read"],
};

/** A check result that counts as "caught": fail (MUST), or warn (SHOULD and MAY checks, soft failures). */
const failingStatuses: ReadonlySet<CheckStatus> = new Set(["fail", "warn"]);

/** One `usc run` of the matrix, reduced to what the matrix needs (JSON, so it crosses processes). */
export interface VariantRun {
  /** The fault's name, or undefined for the unmodified server and for a profile. */
  fault: string | undefined;
  /** The profile's name when the run is a set of faults together (scripts/support/fault-profiles.ts). */
  profile?: string;
  /** The suites the run selected; undefined means all of them. */
  suites: string[] | undefined;
  /** `usc run`'s exit code. */
  code: number;
  checks: Array<Pick<CheckResult, "id" | "dialect" | "level" | "status" | "message">>;
  runErrors: string[];
}

export interface CatchMatrix {
  clean: VariantRun;
  variants: VariantRun[];
  /** One run per profile asked for, with every suite. */
  profiles: VariantRun[];
}

/** A named set of faults a run starts together (scripts/support/fault-profiles.ts). */
export interface FaultSet {
  name: string;
  faults: readonly string[];
}

/** The suite each check id is declared in (`protocol` for the schema check every suite reports). */
export const suiteOfCheck: ReadonlyMap<string, string> = new Map(
  catalogues.flatMap((catalogue) => catalogue.checks.map((check) => [check.id, catalogue.suite] as const)),
);

/** Every check id of the catalogue, in catalogue order. */
export const allCheckIds: readonly string[] = [...suiteOfCheck.keys()];

export function faultNamed(name: string | undefined): FaultDefinition | undefined {
  return faultTable.find((fault) => fault.name === name);
}

/**
 * The suites a fault's run selects: those declaring one of its catchers, plus the fault's own `suites`
 * (for catchers that belong to no one suite: protocol.response-schema is reported by every suite).
 */
export function suitesFor(fault: FaultDefinition): string[] {
  const fromCatchers = fault.catchers
    .map((id) => suiteOfCheck.get(id))
    .filter((suite): suite is string => suite !== undefined && suite !== "protocol");
  return [...new Set([...fromCatchers, ...(fault.suites ?? [])])].sort();
}

/** The `usc run` arguments of one row (credentials aside). */
export function runArguments(url: string, suites: readonly string[] | undefined): string[] {
  const args = ["--target", url, "--fail-on", "should"];
  // One suite after the other: a suite's sessions are gone before the next starts, so a fault that leaks
  // between sessions (list-ignores-filter) shows the same failures on every run.
  if (suites !== undefined) args.push("--suite", suites.join(","), "--concurrency", "1");
  return args;
}

/** The checks that wait for an idle session to expire: they run only where the idle timeout is short and known. */
const expiryWaitingChecks = ["expiry.expiration.lower-bound", "expiry.idle-session.expires"];
/**
 * The idle timeout of those runs. Long enough that the expiry suite uses its standard margins (a get sent
 * 1 s before expiration_time): with 2 s it sent it 0.5 s before, which a loaded machine running eight
 * matrix runs at once missed, leaving the clean run's lower-bound check blocked. The few seconds more
 * are waited beside the other runs.
 */
const shortIdleTimeoutSeconds = 4;

/**
 * `usc run` handing its results (the redacted run results.json would hold) to `take` instead of writing
 * reports. Loaded on first use, as main loads its commands: the test files that read this module for its
 * row judgements (test/catch-matrix.test.ts) then never load the suites.
 */
const handingOver = (take: (run: RunResult) => void) => async () =>
  (await import("../../src/cli/run.ts")).runCommandHandingOver(take);

async function runVariant(
  fault: FaultDefinition | undefined,
  workDir: string,
  profile?: FaultSet,
): Promise<VariantRun> {
  const faults = profile?.faults ?? (fault === undefined ? [] : [fault.name]);
  // Only the clean run and the faults these checks catch wait for expiry; the others (and the profiles)
  // keep the documented five minutes and skip them, which keeps the matrix fast.
  const waitsForExpiry =
    profile === undefined &&
    (fault === undefined || fault.catchers.some((id) => expiryWaitingChecks.includes(id)));
  const server = await startReferenceServer({
    ...user,
    users: [otherUser, limitedUser],
    ...(faults.length === 0 ? {} : { faults: [...faults] }),
    // Only the items of the expiry checks that wait for expiry get the short timeout: a slow moment of a
    // loaded machine cannot expire another check's session (the expiry suite's progress session included).
    ...(waitsForExpiry
      ? { shortIdleItems: { nameIncludes: waitingItemsMarker, idleTimeoutSeconds: shortIdleTimeoutSeconds } }
      : {}),
  });
  // A profile runs every suite, as a user pointing usc at a sloppy mock would.
  const suites = fault === undefined ? undefined : suitesFor(fault);
  const reportDir = mkdtempSync(join(workDir, "run-"));
  let handedOver: RunResult | undefined;
  try {
    const code = await runCommandSafely(
      "run",
      handingOver((run) => (handedOver = run)),
      [
        ...runArguments(server.url, suites),
        ...(waitsForExpiry ? ["--idle-timeout", String(shortIdleTimeoutSeconds)] : []),
        "--report-dir",
        reportDir,
        "--username",
        user.username,
        "--password",
        user.password,
        "--other-username",
        otherUser.username,
        "--other-password",
        otherUser.password,
        "--limited-username",
        limitedUser.username,
        "--limited-password",
        limitedUser.password,
      ],
    );
    const results = handedOver;
    if (results === undefined) throw new Error(`usc run ended with exit code ${code} and no results`);
    return {
      fault: fault?.name,
      ...(profile === undefined ? {} : { profile: profile.name }),
      suites,
      code,
      checks: results.checks.map(({ id, dialect, level, status, message }) => ({
        id,
        dialect,
        level,
        status,
        message,
      })),
      runErrors: results.runErrors,
    };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
    await server.close();
  }
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
async function inParallel<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (task !== undefined) results[index] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** How many runs go at once. */
export function defaultParallelism(): number {
  // The runs wait on the network and on expiry timers far more than they compute, now that suites run in
  // this process: eight at a time keeps two cores busy (91 runs: 105 s at three at a time, 25 s at eight).
  return Math.max(4, Math.min(8, availableParallelism() * 4));
}

/**
 * Runs the clean row and every fault's variant (or the named ones), `parallel` at a time. Owns the process
 * while it runs: stdout and stderr are silenced (each run prints its summary) and the working directory is
 * a temporary one (each run keeps its ledger there); `log` writes past the silence.
 */
export async function runCatchMatrix(
  options: {
    faults?: readonly string[];
    /** Fault sets to run as well, each with every suite. */
    profiles?: readonly FaultSet[];
    parallel?: number;
    onRun?: (run: VariantRun, log: (line: string) => void) => void;
  } = {},
): Promise<CatchMatrix> {
  const selected = faultTable.filter(
    (fault) => options.faults === undefined || options.faults.includes(fault.name),
  );
  const writes = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  const log = (line: string) => void writes.err(`${line}\n`);
  const cwd = process.cwd();
  const workDir = memoryWorkDir("usc-catch-matrix-");
  const silent = (() => true) as typeof process.stdout.write;
  process.stdout.write = silent;
  process.stderr.write = silent;
  process.chdir(workDir);
  try {
    // The clean run is the longest (every suite): start it first so it does not finish last.
    // The profiles run every suite too: they start right after it.
    const profiles = options.profiles ?? [];
    const runs = await inParallel(
      [
        () => runVariant(undefined, workDir),
        ...profiles.map((profile) => () => runVariant(undefined, workDir, profile)),
        ...selected.map((fault) => () => runVariant(fault, workDir)),
      ].map((start) => async () => {
        const run = await start();
        options.onRun?.(run, log);
        return run;
      }),
      options.parallel ?? defaultParallelism(),
    );
    const [clean, ...others] = runs;
    if (clean === undefined) throw new Error("the clean run did not happen");
    return { clean, profiles: others.slice(0, profiles.length), variants: others.slice(profiles.length) };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    process.chdir(cwd);
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Check id -> the dialects it failed (or warned) in, for one run. */
export function failingChecks(
  run: VariantRun,
): Map<string, { dialects: Set<string>; statuses: Set<string> }> {
  const failing = new Map<string, { dialects: Set<string>; statuses: Set<string> }>();
  for (const check of run.checks) {
    if (!failingStatuses.has(check.status)) continue;
    const entry = failing.get(check.id) ?? { dialects: new Set(), statuses: new Set() };
    entry.dialects.add(check.dialect);
    entry.statuses.add(check.status);
    failing.set(check.id, entry);
  }
  return failing;
}

/** What is wrong with one run, as sentences; empty when the row holds. */
export function rowProblems(run: VariantRun): string[] {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const check of run.checks) counts.set(check.status, (counts.get(check.status) ?? 0) + 1);
  if (run.checks.length === 0) {
    return [`the run produced no check results (exit ${run.code}): ${run.runErrors.join("; ")}`];
  }
  const fault = faultNamed(run.fault);
  if (run.fault !== undefined && fault === undefined)
    return [`${run.fault} is not a fault of server/faults.ts`];
  if (fault === undefined) {
    if (run.code !== 0) problems.push(`usc run exited ${run.code}, not 0`);
    for (const status of ["fail", "warn", "blocked", "error"] as const) {
      const ids = run.checks.filter((check) => check.status === status).map((c) => `${c.id} [${c.dialect}]`);
      if (ids.length > 0) problems.push(`${ids.length} ${status}: ${ids.join(", ")}`);
    }
    if (run.runErrors.length > 0) problems.push(`run errors: ${run.runErrors.join("; ")}`);
    return problems;
  }
  if (run.code !== 1) problems.push(`usc run exited ${run.code}, not 1 (conformance failure)`);
  const errors = run.checks.filter((check) => check.status === "error");
  if (errors.length > 0)
    problems.push(`harness errors: ${errors.map((c) => `${c.id} [${c.dialect}]: ${c.message}`).join("; ")}`);
  const failing = failingChecks(run);
  for (const catcher of faultCatchers.get(fault.name) ?? fault.catchers) {
    if (failing.has(catcher)) continue;
    const seen = run.checks
      .filter((check) => check.id === catcher)
      .map((check) => `${check.status} [${check.dialect}]: ${check.message}`);
    problems.push(`declared catcher ${catcher} did not fail: ${seen.join("; ") || "it did not run"}`);
  }
  for (const dialect of fault.dialects) {
    if (![...failing.values()].some((entry) => entry.dialects.has(dialect)))
      problems.push(`nothing failed in ${dialect}, a dialect the fault is declared to apply to`);
  }
  return problems;
}

/**
 * Checks no variant makes fail, with the reason. A check listed here is a gap in the faults: add a fault
 * that it alone catches, or say here why none can be seeded; the catch-matrix test keeps this list exact.
 */
export const unexercisedReasons: Readonly<Record<string, string>> = {};

/** Check ids that fail in no variant of the matrix, in catalogue order. */
export function unexercisedChecks(matrix: CatchMatrix): string[] {
  const exercised = new Set(matrix.variants.flatMap((run) => [...failingChecks(run).keys()]));
  return allCheckIds.filter((id) => !exercised.has(id));
}

function code(text: string): string {
  return `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function dialectList(dialects: ReadonlySet<string>): string {
  return ["rest", "api"].filter((dialect) => dialects.has(dialect)).join(", ");
}

/** One failing check as the document shows it: id, dialects, and "warn" when it only warned. */
function failingEntry(id: string, entry: { dialects: Set<string>; statuses: Set<string> }): string {
  const warnOnly = !entry.statuses.has("fail");
  return `${code(id)} (${dialectList(entry.dialects)}${warnOnly ? "; warn" : ""})`;
}

function countsOf(run: VariantRun): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0, blocked: 0, error: 0 };
  for (const check of run.checks) counts[check.status] += 1;
  return counts;
}

/** docs/catch-matrix.md: deterministic (sorted, no timings, ids, URLs or ports), so a test can compare it. */
export function renderCatchMatrix(matrix: CatchMatrix): string {
  const order = new Map(allCheckIds.map((id, index) => [id, index]));
  const byCatalogue = (a: string, b: string) =>
    (order.get(a) ?? 0) - (order.get(b) ?? 0) || a.localeCompare(b);
  const clean = countsOf(matrix.clean);
  const skippedIn = new Map<string, Set<string>>();
  for (const check of matrix.clean.checks.filter((c) => c.status === "skip")) {
    skippedIn.set(check.id, (skippedIn.get(check.id) ?? new Set()).add(check.dialect));
  }
  const skipped = [...skippedIn.keys()]
    .sort(byCatalogue)
    .map((id) => `${code(id)} (${dialectList(skippedIn.get(id) ?? new Set())})`);
  const lines = [
    "# Catch matrix",
    "",
    "<!-- Generated by `npx tsx scripts/catch-matrix.ts` from the runs it describes; do not edit by hand.",
    "     test/catch-matrix.test.ts makes the same runs and fails when this file is stale. -->",
    "",
    "Which check catches which fault. Every fault of `server/faults.ts` (`usc serve --list-faults`) is one",
    "realistic deviation of the reference server from the documents. For each, the matrix starts a reference",
    "server with exactly that fault, a second user and a read-only user, and runs `usc run` against it:",
    "",
    "```sh",
    "usc run --target <its url> --fail-on should --suite <suites> --concurrency 1 \\",
    "  --username ... --password ... --other-username ... --other-password ... \\",
    "  --limited-username ... --limited-password ... [--idle-timeout 2]",
    "```",
    "",
    "- `--suite` selects whole suites: those declaring one of the fault's catchers, plus the fault's own",
    "  `suites` when its only catcher is `protocol.response-schema` (every suite reports that one). Running only",
    "  them keeps each run short; `--concurrency 1` runs them one after the other, so no suite sees another's",
    "  sessions and every run fails the same way each time.",
    "- `--fail-on should`: a fault whose catchers are SHOULD or MAY checks (reported as `warn`) must still fail",
    "  the run.",
    "- The runs are `usc run`'s own command called in one process, a few at a time, with the servers in",
    `  that process too: a separate process per run costs about twice the CPU (the CLI's start-up, ${matrix.variants.length + 1} times).`,
    "  They write no report: each hands over the results `results.json` would hold, the one thing the matrix reads.",
    "- The clean run and the faults of the two expiry checks that wait for an idle session to expire start",
    `  their server with a ${shortIdleTimeoutSeconds}-second idle timeout for those checks' items only (every other session keeps`,
    `  the documented five minutes) and tell \`usc run\` with \`--idle-timeout ${shortIdleTimeoutSeconds}\`; the other runs keep the`,
    "  documented five minutes for every session, and those two checks skip there.",
    "",
    "A fault's row holds when `usc run` exits 1, every declared catcher fails (status `fail`, or `warn` for",
    "SHOULD and MAY checks) and something fails in each dialect the fault applies to. The clean row, the same",
    "command against the unmodified server with every suite, holds when it exits 0 with no fail, warn, blocked",
    "or error.",
    "",
    "## Unmodified reference server",
    "",
    "| checks | pass | fail | warn | skip | blocked | error |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${matrix.clean.checks.length} | ${clean.pass} | ${clean.fail} | ${clean.warn} | ${clean.skip} | ${clean.blocked} | ${clean.error} |`,
    "",
    `Skipped: ${skipped.join(", ") || "none"}. The 2014 action forms, and the query-string form of get,`,
    "exist only in rest.",
    "",
    `## Faults (${matrix.variants.length})`,
    "",
    "Failing checks are every check with status fail or warn in that fault's run, with the dialects they failed",
    "in; `warn` marks a check that only warned.",
    "",
    "| fault | deviation | dialects | suites run | declared catchers | failing checks in its run |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  const variants = [...matrix.variants].sort((a, b) => (a.fault ?? "").localeCompare(b.fault ?? ""));
  for (const run of variants) {
    const fault = faultNamed(run.fault);
    if (fault === undefined) continue;
    const failing = failingChecks(run);
    const failingText = [...failing.keys()]
      .sort(byCatalogue)
      .map((id) => failingEntry(id, failing.get(id) ?? { dialects: new Set(), statuses: new Set() }))
      .join(", ");
    const catchers = [...fault.catchers].sort(byCatalogue).map(code).join(", ");
    lines.push(
      `| ${code(fault.name)} | ${cell(fault.description)} | ${fault.dialects.join(", ")} | ${(run.suites ?? []).join(", ")} | ${catchers} | ${failingText || "none"} |`,
    );
  }
  const unexercised = unexercisedChecks(matrix);
  lines.push("", "## Checks no fault exercises", "");
  if (unexercised.length === 0) {
    lines.push("None: every check fails in at least one fault's run.");
  } else {
    lines.push("| check | why no fault makes it fail |", "| --- | --- |");
    for (const id of unexercised)
      lines.push(`| ${code(id)} | ${cell(unexercisedReasons[id] ?? "(no reason given)")} |`);
  }
  lines.push("");
  return lines.join("\n");
}
