/**
 * Reading the Pact verifier's JSON result into one verdict per interaction, and writing those verdicts as
 * lines a person reads: which interaction, what was expected, what came back. Pure functions.
 */
import { redactText } from "../http/redact.ts";
import { blockedStatus } from "./forwarder.ts";

export type VerdictStatus = "passed" | "failed" | "pending-failed" | "unverified";

export interface InteractionVerdict {
  description: string;
  status: VerdictStatus;
  /** One readable line per mismatch (status, header, body path). */
  mismatches: string[];
  /** Why the interaction could not be verified (its state could not be built, or no response came). */
  reason?: string;
}

interface RawMismatch {
  type?: string;
  path?: string;
  expected?: unknown;
  actual?: unknown;
  mismatch?: string;
  key?: string;
  parameter?: string;
}

interface RawError {
  interaction?: string;
  mismatch?: { type?: string; message?: string; mismatches?: RawMismatch[] };
}

interface RawResult {
  result?: boolean;
  errors?: RawError[];
  pendingErrors?: RawError[];
  interactionResults?: Array<{ description?: string; result?: string }>;
  output?: string[];
}

export interface ParsedVerification {
  passed: boolean;
  verdicts: InteractionVerdict[];
  /** Failures of no interaction: a pact that could not be loaded, a broker that could not be read. */
  sourceErrors: string[];
  /** Pact's own console report, colour codes removed. */
  output: string[];
}

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ansi, "");
}

function shown(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}

const kindLabels: Record<string, string> = {
  StatusMismatch: "status",
  BodyMismatch: "body",
  BodyTypeMismatch: "body type",
  HeaderMismatch: "header",
  QueryMismatch: "query",
  PathMismatch: "path",
  MethodMismatch: "method",
  MetadataMismatch: "metadata",
};

export function mismatchLine(mismatch: RawMismatch): string {
  const kind = kindLabels[mismatch.type ?? ""] ?? mismatch.type ?? "mismatch";
  const where = mismatch.path ?? mismatch.key ?? mismatch.parameter ?? "";
  const text =
    mismatch.type === "StatusMismatch" || mismatch.mismatch === undefined
      ? `expected ${shown(mismatch.expected)}, got ${shown(mismatch.actual)}`
      : mismatch.mismatch;
  return `${kind}${where === "" ? "" : ` ${where}`}: ${stripAnsi(text)}`;
}

function errorLines(error: RawError): string[] {
  const mismatch = error.mismatch;
  if (mismatch === undefined) return ["the verifier reported a failure without details"];
  if (mismatch.mismatches !== undefined) {
    // The status first: it is what a reader of a failed interaction looks for first.
    const rank = (m: RawMismatch) => (m.type === "StatusMismatch" ? 0 : m.type === "HeaderMismatch" ? 1 : 2);
    return [...mismatch.mismatches].sort((a, b) => rank(a) - rank(b)).map(mismatchLine);
  }
  return [stripAnsi(mismatch.message ?? `the verifier reported: ${mismatch.type ?? "an error"}`)];
}

function isUnverified(error: RawError | undefined): boolean {
  return (error?.mismatch?.mismatches ?? []).some(
    (m) => m.type === "StatusMismatch" && Number(m.actual) === blockedStatus,
  );
}

/**
 * The verifier names an interaction `Verifying a pact between C and P Given S - <description>`; the
 * description is matched at the end, as states and names may hold any text.
 */
function errorFor(errors: RawError[], description: string): RawError | undefined {
  return errors.find(
    (e) => e.interaction === description || e.interaction?.endsWith(` - ${description}`) === true,
  );
}

/**
 * One verdict per interaction the verifier ran, in its order. `unverifiedReasons` are the reasons the
 * forwarder gave, in order, for requests it answered itself; each goes to the next unverified interaction.
 */
export function parseVerification(json: string, unverifiedReasons: readonly string[]): ParsedVerification {
  const raw = JSON.parse(json) as RawResult;
  const errors = raw.errors ?? [];
  const pendingErrors = raw.pendingErrors ?? [];
  const reasons = [...unverifiedReasons];
  const verdicts = (raw.interactionResults ?? []).map((result): InteractionVerdict => {
    const description = result.description ?? "(no description)";
    const error = errorFor(errors, description);
    const pending = error === undefined ? errorFor(pendingErrors, description) : undefined;
    const found = error ?? pending;
    if (found === undefined) return { description, status: "passed", mismatches: [] };
    if (isUnverified(found)) {
      return { description, status: "unverified", mismatches: [], reason: reasons.shift() ?? "no response" };
    }
    return {
      description,
      status: error !== undefined ? "failed" : "pending-failed",
      mismatches: errorLines(found),
    };
  });
  const named = new Set(verdicts.map((v) => v.description));
  const sourceErrors = [...errors, ...pendingErrors]
    .filter(
      (e) => ![...named].some((d) => e.interaction === d || e.interaction?.endsWith(` - ${d}`) === true),
    )
    .map((e) => `${e.interaction ?? "the verifier"}: ${errorLines(e).join("; ")}`);
  return { passed: raw.result === true, verdicts, sourceErrors, output: (raw.output ?? []).map(stripAnsi) };
}

export interface VerificationSummary {
  label: string;
  verdicts: readonly InteractionVerdict[];
}

/** The lines `usc pact verify` prints for one pact: failures with their mismatches, then a count. */
export function verificationLines(summary: VerificationSummary, secrets: readonly string[]): string[] {
  const lines: string[] = [];
  const count = (status: VerdictStatus) => summary.verdicts.filter((v) => v.status === status).length;
  for (const verdict of summary.verdicts) {
    if (verdict.status === "passed") continue;
    const mark = { failed: "FAIL", "pending-failed": "WARN", unverified: "NOT VERIFIED" }[verdict.status];
    lines.push(`  ${mark} ${verdict.description}`);
    for (const line of verdict.mismatches) lines.push(`      ${line}`);
    if (verdict.reason !== undefined) lines.push(`      ${verdict.reason}`);
    if (verdict.status === "pending-failed") {
      lines.push(
        "      (pending: optional in the documents, a SHOULD or MAY; reported, does not fail the verification)",
      );
    }
  }
  const parts = [`${count("passed")} passed`, `${count("failed")} failed`];
  if (count("pending-failed") > 0) parts.push(`${count("pending-failed")} pending failed`);
  if (count("unverified") > 0) parts.push(`${count("unverified")} not verified`);
  lines.push(`${summary.label}: ${summary.verdicts.length} interactions: ${parts.join(", ")}`);
  return lines.map((line) => redactText(line, secrets));
}
