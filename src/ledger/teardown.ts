/**
 * Teardown: removes what the ledger says is outstanding, newest first (sessions before their items, items
 * before their library), carrying on past failures, and never past its deadline.
 */
import { performance } from "node:perf_hooks";
import type { LedgerEntry, ResourceLedger } from "./ledger.ts";

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
  /** Removals done on the target that the ledger could not record (they will be tried again, harmlessly). */
  ledgerErrors: string[];
  deadlineReached: boolean;
  durationMs: number;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeEntry(entry: LedgerEntry): string {
  return `${entry.kind} ${entry.id}${entry.label === undefined ? "" : ` (${entry.label})`}`;
}

export async function teardown(
  ledger: ResourceLedger,
  remover: Remover,
  options: { deadlineMs: number },
): Promise<TeardownReport> {
  const started = performance.now();
  const deadline = started + options.deadlineMs;
  const report: TeardownReport = {
    removed: [],
    alreadyGone: [],
    left: [],
    ledgerErrors: [],
    deadlineReached: false,
    durationMs: 0,
  };
  const lateReason = `not attempted: the teardown deadline of ${options.deadlineMs} ms had passed`;

  for (const entry of ledger.outstanding()) {
    const remaining = deadline - performance.now();
    // Timers round to whole milliseconds, so a sliver of time left after the deadline fired counts as none.
    if (report.deadlineReached || remaining < 1) {
      report.deadlineReached = true;
      report.left.push({ entry, reason: lateReason });
      continue;
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), remaining);
    });
    let outcome: RemoveOutcome | "late";
    try {
      outcome = await Promise.race([remover(entry, controller.signal), late]);
    } catch (error) {
      outcome = { error: errorText(error) };
    } finally {
      clearTimeout(timer);
    }
    if (outcome === "late") {
      controller.abort(new Error("teardown deadline reached"));
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

/** For logs and the run's errors: one line of counts, then one line per resource left behind. */
export function formatTeardownReport(report: TeardownReport, runId: string): string {
  const lines = [
    `cleanup: ${report.removed.length} removed, ${report.alreadyGone.length} already gone, ${report.left.length} left`,
  ];
  for (const { entry, reason } of report.left) lines.push(`  left ${describeEntry(entry)}: ${reason}`);
  lines.push(...report.ledgerErrors.map((error) => `  ${error}`));
  if (report.left.length > 0) lines.push(`  finish later with: usc cleanup --run-id ${runId}`);
  return lines.join("\n");
}
