/**
 * Reads a results.json a run wrote (or the report directory holding one) back into data the CLI can
 * compare or turn into a baseline. Checks only what those readers need, and says precisely what is wrong
 * with a file that is not a usc results document, so a wrong path in CI fails clearly.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Dialect } from "../../spec/dialect.ts";
import { type CheckStatus, checkStatuses } from "./model.ts";

/** The fields of one result that comparison and baselines read. */
export interface StoredResult {
  id: string;
  suite: string;
  dialect: Dialect;
  status: CheckStatus;
  level: string;
  title: string;
  message: string;
  subject?: string | undefined;
}

export interface StoredRun {
  /** The file read, as named in messages. */
  file: string;
  runId: string;
  target: string;
  dialects: Dialect[];
  failOn: "must" | "should";
  verdict: string | undefined;
  checks: StoredResult[];
}

export type ReadResults = { ok: true; run: StoredRun } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `path` is a results.json or a directory that holds one. */
export function readResults(path: string): ReadResults {
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, "results.json");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error: code === "ENOENT" ? `${path} does not exist` : `cannot read ${path} (${code})`,
    };
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error:
        code === "ENOENT"
          ? `${file} does not exist (is ${path} a usc report directory?)`
          : `cannot read ${file} (${code})`,
    };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!isRecord(document) || !Array.isArray(document.checks))
    return { ok: false, error: `${file} is not a usc results.json (no "checks" list)` };
  const checks: StoredResult[] = [];
  for (const [index, entry] of document.checks.entries()) {
    if (
      !isRecord(entry) ||
      typeof entry.id !== "string" ||
      typeof entry.suite !== "string" ||
      (entry.dialect !== "rest" && entry.dialect !== "api") ||
      !checkStatuses.includes(entry.status as CheckStatus)
    )
      return { ok: false, error: `${file}: checks[${index}] lacks a valid id, suite, dialect or status` };
    checks.push({
      id: entry.id,
      suite: entry.suite,
      dialect: entry.dialect,
      status: entry.status as CheckStatus,
      level: typeof entry.level === "string" ? entry.level : "MUST",
      title: typeof entry.title === "string" ? entry.title : "",
      message: typeof entry.message === "string" ? entry.message : "",
      ...(typeof entry.subject === "string" ? { subject: entry.subject } : {}),
    });
  }
  const summary = isRecord(document.summary) ? document.summary : {};
  return {
    ok: true,
    run: {
      file,
      runId: typeof document.runId === "string" ? document.runId : "unknown",
      target: typeof document.target === "string" ? document.target : "unknown",
      dialects: Array.isArray(document.dialects)
        ? document.dialects.filter((d): d is Dialect => d === "rest" || d === "api")
        : [...new Set(checks.map((check) => check.dialect))],
      failOn: document.failOn === "should" ? "should" : "must",
      verdict: typeof summary.exitVerdict === "string" ? summary.exitVerdict : undefined,
      checks,
    },
  };
}
