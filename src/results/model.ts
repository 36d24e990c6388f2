/**
 * The results model: what a run produces and every reporter consumes. Pure data (JSON-serialisable), so
 * it crosses process boundaries unchanged and reporters stay pure functions of it.
 */
import type { Dialect } from "../../spec/dialect.ts";
import type { Exchange } from "../http/exchange.ts";

// A check's transcript is made of the transport's exchanges; the type lives with the transport, which
// is below the results model, and is re-exported here for the reporters and checks that read results.
export type { Exchange };

/** How much a check's rule weighs: MUST fails the run, SHOULD warns, MAY informs. */
export type CheckLevel = "MUST" | "SHOULD" | "MAY";

/**
 * - pass: the target followed the rule.
 * - fail: the target broke a MUST (or a SHOULD when the run fails on SHOULD).
 * - warn: the target broke a SHOULD.
 * - skip: the target validly said the feature is not offered, or configuration excluded the check.
 * - blocked: a prerequisite step failed, so the verdict is unknown (never a cascade of fails).
 * - error: the harness or the network failed; never blamed on the target.
 */
export type CheckStatus = "pass" | "fail" | "warn" | "skip" | "blocked" | "error";

export const checkStatuses: readonly CheckStatus[] = ["pass", "fail", "warn", "skip", "blocked", "error"];

export interface CheckResult {
  /** Stable id, e.g. `create.conflict.resource-busy`. */
  id: string;
  /** The suite the check belongs to, e.g. `create-conflicts`: the JUnit classname. */
  suite: string;
  dialect: Dialect;
  level: CheckLevel;
  /** Ids from spec/requirements.yaml this check tests. */
  requirements: string[];
  title: string;
  status: CheckStatus;
  /** One line: why the check has this status. */
  message: string;
  /** What the documents require, in words, with their quote when there is one. */
  expected: string | undefined;
  /** What the target did, in words. */
  actual: string | undefined;
  /** The documents' own words for the rule, from the requirements catalogue. */
  quote: string | undefined;
  /** The exchanges the check made, in order, redacted. */
  transcript: Exchange[];
  /** A copy-paste curl command reproducing the exchange the verdict rests on (no secrets: a placeholder stands for the token). */
  curl: string | undefined;
  durationMs: number;
  /**
   * Set when an expected-failures baseline lists this failing check: the entry's reason. The status stays
   * `fail` (the target still breaks the rule) but the run's verdict no longer counts it.
   */
  expectedFailure?: string | undefined;
  /**
   * What this result is about when one check reports several results in one suite and dialect: the
   * operation id for `protocol.response-schema`. Absent for checks that report once.
   */
  subject?: string | undefined;
}

/**
 * The key that names one result uniquely within a run and across runs: the same check reports in each
 * dialect, and `protocol.response-schema` in several suites, once per operation (its subject).
 */
export function resultKey(check: Pick<CheckResult, "suite" | "id" | "dialect" | "subject">): string {
  const key = `${check.dialect}/${check.suite}/${check.id}`;
  return check.subject === undefined ? key : `${key}/${check.subject}`;
}

/**
 * What the run was asked to cover, so every report can say when it is filtered or partial: a verdict on a
 * selection is not a verdict on the whole contract.
 */
export interface RunSelection {
  /** The --grep pattern, when one narrowed the checks. */
  grep: string | undefined;
  /** The --suite names, when only some suites ran. */
  suites?: string[] | undefined;
  /** The --check ids or globs, when only those checks ran. */
  checks?: string[] | undefined;
  /** The --exclude ids or globs, when those checks were left out. */
  exclude?: string[] | undefined;
  /** The --dialect asked for: rest, api, both or auto (the dialects tested are RunResult.dialects). */
  dialect: "rest" | "api" | "both" | "auto";
  /**
   * Checks that could not run for want of configuration, one sentence each naming the option that would
   * enable them (e.g. a second user for list isolation). Empty when nothing was left out that way.
   */
  notConfigured: string[];
}

export interface RunResult {
  runId: string;
  /** The target's base URL (credentials never included). */
  target: string;
  /** Whether the target was the embedded reference server. */
  embeddedTarget: boolean;
  dialects: Dialect[];
  suiteVersion: string;
  /** sha256 of the transcription (OpenAPI, requirements, errata) the run checked against. */
  specHash: string;
  /** `must` fails the run on MUST failures only; `should` also on warnings. */
  failOn: "must" | "should";
  startedAt: string;
  finishedAt: string;
  checks: CheckResult[];
  /** Problems of the run itself (harness errors, cleanup left-overs), in words. */
  runErrors: string[];
  /** Why the run could not start (unreachable target, refused login, no scratch library); undefined when it ran. */
  startFailure: string | undefined;
  /** Whether the user interrupted the run (SIGINT/SIGTERM): the results cover only the checks that finished. */
  interrupted: boolean;
  selection: RunSelection;
  /** The expected-failures baseline the run was judged against, when one was given. */
  baseline?: BaselineOutcome | undefined;
  /** The profile the run was held to (`--profile certification`), when one was given. */
  profile?: ProfileOutcome | undefined;
}

/** A check whose verdict a profile run could not give because a setting was missing. */
export interface NotCertified {
  /** The result's key (see resultKey). */
  key: string;
  /** The option that would have let it run, e.g. `--other-username`. */
  option: string;
  /** Whether the profile requires that option: a required one left out means the profile is not met. */
  required: boolean;
  /** Why the check did not run, as the check said it. */
  reason: string;
}

/** How a run measured up to the profile it was held to. */
export interface ProfileOutcome {
  name: "certification";
  /** True when the run met every requirement of the profile; the verdict is then the run's own. */
  met: boolean;
  /** One sentence per requirement the run did not meet; empty when met. */
  gaps: string[];
  /** Checks skipped for want of a setting, required by the profile or not. */
  notCertified: NotCertified[];
}

export type StatusCounts = Record<CheckStatus, number>;

export function countStatuses(checks: readonly CheckResult[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, fail: 0, warn: 0, skip: 0, blocked: 0, error: 0 };
  for (const check of checks) counts[check.status] += 1;
  return counts;
}

/** One entry of an expected-failures baseline (src/results/baseline.ts applies them). */
export interface BaselineEntry {
  /** The check id, as `usc run --list` prints it. */
  check: string;
  /** Only this dialect's result is expected to fail; absent = both. */
  dialect?: Dialect | undefined;
  /** Why the failure is accepted for now (a ticket, a known limitation). */
  reason: string;
}

/** A listed check that ran to a pass: the entry has done its job and must be deleted. */
export interface StaleEntry {
  entry: BaselineEntry;
  /** The dialects in which the check passed. */
  dialects: Dialect[];
}

/** What the run records about the baseline it was judged against. */
export interface BaselineOutcome {
  file: string;
  entries: number;
  /** How many results the baseline turned into expected failures. */
  expectedFailures: number;
  stale: StaleEntry[];
}
