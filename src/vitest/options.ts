/**
 * The options of `conformance()` and their checking, done when the test file is collected: a mistyped
 * suite name, dialect or check id in a skip list must fail the file at once with its name, never silently
 * run everything (or nothing).
 */
import { isDialect, type Dialect } from "../../spec/index.ts";
import type { ConformanceSuite } from "../checks/suite.ts";
import { protocolCatalogue } from "../catalogue/protocol.checks.ts";
import type { CheckIdOrGlob } from "../catalogue/index.ts";
import type { SuiteCatalogue } from "../catalogue/registry.ts";
import { idPattern, type IdPattern } from "../run/id-patterns.ts";
import { unknownChecks, unknownSuites } from "../run/selection.ts";
import type { FailOn } from "./verdict.ts";

export interface Credentials {
  username: string;
  password: string;
}

/** Checks to leave out, and why: each becomes a skipped test showing the reason. */
export interface SkipEntry {
  /**
   * Check ids, or globs where `*` stands for any run of characters (`wrong-state.*`). Typed by the
   * catalogues: a mistyped id without a `*` is a type error; a glob matching nothing fails the file.
   */
  checks: readonly CheckIdOrGlob[];
  reason: string;
}

export interface ConformanceOptions {
  /** Base URL of the implementation, or a function giving it once the file's own `beforeAll` started it. */
  target: string | (() => string | Promise<string>);
  username: string;
  password: string;
  /** Dialects to test (`rest`, `api`); default: every dialect the target serves. */
  dialects?: readonly Dialect[];
  /** Suite names (`lifecycle`, `files`, ...); default: every suite. */
  suites?: readonly string[];
  /** Known gaps of the implementation: their checks are skipped with the reason. */
  skip?: readonly SkipEntry[];
  /** `must` (default): a broken SHOULD or MAY passes with an annotation; `should`: it fails the test. */
  failOn?: FailOn;
  /** A second user of the target: the list isolation and other-user checks need one (skipped without). */
  otherUser?: Credentials;
  /** A user lacking ContentLibrary.UpdateSession: the privilege checks need one (skipped without). */
  limitedUser?: Credentials;
  /** The target's idle timeout for update sessions, when short: the checks that wait for expiry need it. */
  idleTimeoutSeconds?: number;
  /** Runs after the scratch resources are removed, e.g. to stop a server the test file started. */
  teardown?: () => void | Promise<void>;
  /** Accept any TLS certificate (a test server's self-signed one). Default false. */
  insecure?: boolean;
  /** A PEM file of certificate authorities to trust besides the system's. */
  caFile?: string;
  /** Bound on each request in milliseconds; default 10000. Each check gets six times this. */
  timeoutMs?: number;
  /** Where the resource ledger is written (`usc cleanup` reads it); default `.usc` in the working directory. */
  stateDir?: string;
  /** Datastore id for the scratch library; default: the first the target lists. */
  datastore?: string;
  /** An item of a subscribed library, when the target cannot make one through its API. */
  subscribedItem?: string;
}

export interface CheckedOptions {
  suites: readonly ConformanceSuite[];
  dialects: readonly Dialect[] | undefined;
  /** The skip reason of a check id, or undefined when it runs. */
  skipReason: (id: string) => string | undefined;
}

/**
 * A mistake in the options, found before anything runs; the message names every wrong value. Its stack
 * would point into this package, not at the caller's options, so vitest is shown the message alone.
 */
export class ConformanceOptionsError extends Error {
  override name = "ConformanceOptionsError";
  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

function problemsOfSkip(
  entries: readonly SkipEntry[],
  catalogues: readonly SuiteCatalogue[],
): { problems: string[]; patterns: { pattern: IdPattern; reason: string }[] } {
  const problems: string[] = [];
  const patterns: { pattern: IdPattern; reason: string }[] = [];
  for (const [index, entry] of entries.entries()) {
    if (!Array.isArray(entry.checks) || entry.checks.length === 0)
      problems.push(`skip[${index}] names no checks`);
    if (typeof entry.reason !== "string" || entry.reason.trim() === "")
      problems.push(`skip[${index}] gives no reason`);
    for (const unknown of unknownChecks(entry.checks, catalogues)) {
      const near = unknown.near.length > 0 ? ` (did you mean ${unknown.near.join(", ")}?)` : "";
      problems.push(`skip[${index}] names the unknown check ${unknown.pattern}${near}`);
    }
    for (const text of entry.checks) patterns.push({ pattern: idPattern(text), reason: entry.reason });
  }
  return { problems, patterns };
}

export function checkOptions(
  options: ConformanceOptions,
  allSuites: readonly ConformanceSuite[],
): CheckedOptions {
  const problems: string[] = [];
  if (typeof options.target !== "string" && typeof options.target !== "function")
    problems.push("target must be the implementation's base URL (or a function returning it)");
  if (typeof options.username !== "string" || options.username === "") problems.push("username is missing");
  if (typeof options.password !== "string") problems.push("password is missing");
  const wrongDialects = (options.dialects ?? []).filter((d) => !isDialect(d));
  if (wrongDialects.length > 0)
    problems.push(`unknown dialect ${wrongDialects.join(", ")} (the dialects are rest and api)`);
  if (options.dialects !== undefined && options.dialects.length === 0)
    problems.push("dialects is empty (leave it out to test every dialect the target serves)");
  if (options.failOn !== undefined && options.failOn !== "must" && options.failOn !== "should")
    problems.push(`failOn must be "must" or "should", not ${String(options.failOn)}`);
  const catalogues = [protocolCatalogue, ...allSuites.map((suite) => suite.catalogue)];
  const missingSuites = unknownSuites(
    options.suites,
    allSuites.map((suite) => suite.catalogue),
  );
  if (missingSuites.length > 0)
    problems.push(
      `unknown suite ${missingSuites.join(", ")} (the suites are ${allSuites.map((s) => s.catalogue.suite).join(", ")})`,
    );
  const skip = problemsOfSkip(options.skip ?? [], catalogues);
  problems.push(...skip.problems);
  if (problems.length > 0) throw new ConformanceOptionsError(`conformance(): ${problems.join("; ")}`);

  const wanted = options.suites === undefined ? undefined : new Set(options.suites);
  return {
    suites: allSuites.filter((suite) => wanted === undefined || wanted.has(suite.catalogue.suite)),
    dialects: options.dialects,
    skipReason: (id) => skip.patterns.find(({ pattern }) => pattern.matches(id))?.reason,
  };
}
