/** The resource ledger (design notes section 6): what a run created, on disk, and its teardown. */
export {
  ResourceLedger,
  listRuns,
  defaultStateDir,
  type LedgerEntry,
  type NewLedgerEntry,
  type LedgerSnapshot,
  type NewIntent,
  type PendingIntent,
  type ResourceKind,
  type RunSummary,
} from "./ledger.ts";
export {
  teardown,
  formatTeardownReport,
  teardownIncomplete,
  teardownProblems,
  type Remover,
  type RemoveOutcome,
  type TeardownReport,
} from "./teardown.ts";
export { newRunId, scratchName, isOurs, isValidRunId } from "./run-id.ts";
export { type Finder, type FindOutcome } from "./resolve-intents.ts";
