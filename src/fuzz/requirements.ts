import { loadRequirements, type Requirement } from "../../spec/index.ts";

/**
 * The requirement ids the fuzz model asserts. Each model assertion names one of these; they are looked up
 * in spec/requirements.yaml through the catalogue loader, so a renamed or deleted requirement fails the
 * fuzz at start-up instead of leaving an assertion that cites nothing.
 */
export const modelRequirementIds = [
  "state.initial-active",
  "state.complete-to-done",
  "state.cancel-to-canceled",
  "state.fail-to-error",
  "create.returns-id",
  "create.one-active-session-per-item",
  "create.after-terminal-allowed",
  "create.client-token.optional",
  "create.client-token.idempotent",
  "create.initial-progress-zero",
  "create.content-version-snapshot",
  "get.returns-model",
  "get.any-state",
  "list.returns-ids",
  "list.unfiltered-includes-own",
  "list.filter-by-item",
  "update.applies-warning-behavior",
  "update.requires-active",
  "delete.removes-session",
  "delete.active.not-allowed",
  "delete.terminal-allowed",
  "complete.requires-active",
  "complete.files-not-received",
  "cancel.requires-active",
  "cancel.discards-content",
  "fail.records-client-message",
  "fail.requires-active",
  "keep-alive.sets-progress",
  "keep-alive.progress-optional",
  "keep-alive.progress-not-lowered",
  "keep-alive.progress-above-max",
  "keep-alive.requires-active",
  "visibility.hidden-until-complete",
  "visibility.content-version-increases",
  "file.add.push-upload-endpoint",
  "file.add.push-waiting-for-transfer",
  "file.add.same-name-replaces",
  "file.add.requires-active",
  "upload.push-put",
  "upload.ready-after-transfer",
  "file.get.returns-info",
  "file.get.unknown-file.invalid-argument",
  "file.list.all-files",
  "file.remove.effective-at-completion",
  "file.remove.unknown-file.invalid-argument",
  "file.validate.missing-files",
  "file.validate.clean-session",
  "file.validate.requires-active",
  "wire.documented-status",
  "wire.result-encoding",
] as const;

export type ModelRequirementId = (typeof modelRequirementIds)[number];

let checked: ReadonlyMap<string, Requirement> | undefined;

/** The catalogue entries of every id above; throws naming the ids the catalogue does not have. */
export function modelRequirements(): ReadonlyMap<string, Requirement> {
  if (checked !== undefined) return checked;
  const byId = new Map(loadRequirements().map((requirement) => [requirement.id, requirement]));
  const missing = modelRequirementIds.filter((id) => !byId.has(id));
  if (missing.length > 0)
    throw new Error(`the fuzz model cites requirements spec/requirements.yaml lacks: ${missing.join(", ")}`);
  checked = new Map(modelRequirementIds.map((id) => [id, byId.get(id) as Requirement]));
  return checked;
}
