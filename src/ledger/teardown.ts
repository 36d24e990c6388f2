/**
 * Teardown: removes what the ledger says is outstanding, newest first (sessions before their items, items
 * before their library), carrying on past failures, and never past its deadline.
 */
import { performance } from "node:perf_hooks";
import { beforeDeadline, errorText } from "./deadline.ts";
import type { LedgerEntry, PendingIntent, ResourceLedger } from "./ledger.ts";
import { resolveIntents, type Finder } from "./resolve-intents.ts";

export type RemoveOutcome = "removed" | "already-gone" | { error: string };

/**
 * Removes one resource on the target (cancel-before-delete for sessions, not_found = already gone). The
 * signal fires when the teardown deadline passes; the remover should give up then.
 */
export type Remover = (entry: LedgerEntry, signal: AbortSignal) => Promise<RemoveOutcome>;

export interface TeardownReport {
  removed: LedgerEntry[];
  alreadyGone: LedgerEntry[];
  left: { entry: LedgerEntry; reason: string }[];
  /** Creates started and never confirmed that were found on the target (then removed like the rest). */
  found: PendingIntent[];
  /** Unconfirmed creates whose outcome is still unknown: something may exist under the name. */
  unresolved: { intent: PendingIntent; reason: string }[];
  /** Removals done on the target that the ledger could not record (they will be tried again, harmlessly). */
  ledgerErrors: string[];
  deadlineReached: boolean;
  durationMs: number;
}

function describeEntry(entry: LedgerEntry): string {
  return `${entry.kind} ${entry.id}${entry.label === undefined ? "" : ` (${entry.label})`}`;
}

/**
 * Removes what the ledger names. With a finder, creates that were never confirmed are looked up by name
 * first; without one they are left to a later `usc cleanup`.
 */
export async function teardown(
  ledger: ResourceLedger,
  remover: Remover,
  options: { deadlineMs: number; find?: Finder | undefined },
): Promise<TeardownReport> {
  const started = performance.now();
  const deadline = started + options.deadlineMs;
  const report: TeardownReport = {
    removed: [],
    alreadyGone: [],
    left: [],
    found: [],
    unresolved: [],
    ledgerErrors: [],
    deadlineReached: false,
    durationMs: 0,
  };
  const lateReason = `not attempted: the teardown deadline of ${options.deadlineMs} ms had passed`;
  if (options.find !== undefined) await resolveIntents(ledger, options.find, deadline, report);

  for (const entry of ledger.outstanding()) {
    if (report.deadlineReached) {
      report.left.push({ entry, reason: lateReason });
      continue;
    }
    const outcome = await beforeDeadline(deadline, (signal) => remover(entry, signal));
    if (outcome === "not-started") {
      report.deadlineReached = true;
      report.left.push({ entry, reason: lateReason });
      continue;
    }
    if (outcome === "late") {
      report.deadlineReached = true;
      report.left.push({
        entry,
        reason: `no answer before the teardown deadline of ${options.deadlineMs} ms`,
      });
      continue;
    }
    if (typeof outcome === "object") {
      report.left.push({ entry, reason: outcome.error });
      continue;
    }
    (outcome === "removed" ? report.removed : report.alreadyGone).push(entry);
    try {
      ledger.recordDeleted(entry.kind, entry.id);
    } catch (error) {
      report.ledgerErrors.push(`${describeEntry(entry)} was removed but not recorded: ${errorText(error)}`);
    }
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/** Whether anything may still be on the target: a resource left, or a create whose outcome is unknown. */
export function teardownIncomplete(report: TeardownReport): boolean {
  return report.left.length > 0 || report.unresolved.length > 0;
}

/** One line per thing teardown could not finish, for the run's errors. */
export function teardownProblems(report: TeardownReport, runId: string): string[] {
  return [
    ...report.left.map(
      ({ entry, reason }) =>
        `cleanup: ${entry.kind} ${entry.id} left behind: ${reason} (usc cleanup --run-id ${runId})`,
    ),
    ...report.unresolved.map(
      ({ intent, reason }) =>
        `cleanup: a ${intent.kind} named ${intent.name} may exist (its create was never confirmed): ${reason} (usc cleanup --run-id ${runId})`,
    ),
  ];
}

/** For logs and the run's errors: one line of counts, then one line per resource left behind. */
export function formatTeardownReport(report: TeardownReport, runId: string): string {
  const lines = [
    `cleanup: ${report.removed.length} removed, ${report.alreadyGone.length} already gone, ${report.left.length + report.unresolved.length} left`,
  ];
  if (report.found.length > 0)
    lines.push(`  ${report.found.length} found by name (created by requests the run never saw answered)`);
  for (const { entry, reason } of report.left) lines.push(`  left ${describeEntry(entry)}: ${reason}`);
  for (const { intent, reason } of report.unresolved)
    lines.push(`  unknown ${intent.kind} named ${intent.name} (create never confirmed): ${reason}`);
  lines.push(...report.ledgerErrors.map((error) => `  ${error}`));
  if (teardownIncomplete(report)) lines.push(`  finish later with: usc cleanup --run-id ${runId}`);
  return lines.join("\n");
}
