/**
 * Settles the creates a run started and never saw answered (a crash or an interrupt mid-request), by looking
 * for the exact name each one sent.
 */
import { beforeDeadline, errorText } from "./deadline.ts";
import type { PendingIntent, ResourceLedger } from "./ledger.ts";
import { isOurs } from "./run-id.ts";

/**
 * Looks up, by its exact name, what an unconfirmed create may have made: its id, "absent" when the target
 * holds nothing of that name where it was created, or why it could not tell.
 */
export type Finder = (intent: PendingIntent, signal: AbortSignal) => Promise<FindOutcome>;
export type FindOutcome = { id: string } | "absent" | { error: string };

/** What resolving the intents found, and what it could not settle; teardown's report holds both. */
export interface IntentReport {
  found: PendingIntent[];
  unresolved: { intent: PendingIntent; reason: string }[];
  deadlineReached: boolean;
}

/**
 * Resolves the creates that were started and never confirmed: one found on the target is recorded as
 * created (so the removals that follow take it), one the target does not hold is recorded as abandoned. Only
 * names carrying the run's prefix are ever looked up.
 */
export async function resolveIntents(
  ledger: ResourceLedger,
  find: Finder,
  deadline: number,
  report: IntentReport,
): Promise<void> {
  for (const intent of ledger.snapshot().pendingIntents) {
    if (!isOurs(intent.name, ledger.runId)) {
      report.unresolved.push({ intent, reason: `not looked up: the name does not carry the run's prefix` });
      continue;
    }
    const outcome = report.deadlineReached
      ? "not-started"
      : await beforeDeadline(deadline, (signal) => find(intent, signal));
    if (outcome === "late" || outcome === "not-started") {
      report.deadlineReached = true;
      report.unresolved.push({ intent, reason: "not looked up before the teardown deadline" });
      continue;
    }
    if (typeof outcome === "object" && "error" in outcome) {
      report.unresolved.push({ intent, reason: outcome.error });
      continue;
    }
    try {
      if (outcome === "absent") {
        ledger.recordAbandoned(intent.kind, intent.name);
      } else {
        ledger.recordCreated({
          kind: intent.kind,
          id: outcome.id,
          dialect: intent.dialect,
          label: intent.name,
          parentId: intent.parentId,
        });
        report.found.push(intent);
      }
    } catch (error) {
      report.unresolved.push({ intent, reason: `could not record the lookup: ${errorText(error)}` });
    }
  }
}
