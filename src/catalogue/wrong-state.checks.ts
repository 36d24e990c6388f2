import type { CanonicalOperationId } from "../../spec/index.ts";
import { defineSuiteCatalogue } from "./registry.ts";
import type { CheckLevel } from "../results/model.ts";

/** The states a session cannot leave, the id segment of their checks, and how a session gets there. */
export const terminalStates = [
  { key: "done", state: "DONE", how: "completed" },
  { key: "canceled", state: "CANCELED", how: "canceled" },
  { key: "error", state: "ERROR", how: "failed" },
] as const;

/**
 * Operations the documents allow only while a session is ACTIVE, with the requirements that say so.
 * `movesState`: the operation moves an ACTIVE session to another state, so a check of its own
 * (wrong-state.state-kept.<key>) judges that a refused one moved nothing; the others' checks read the state
 * after the refusal themselves.
 */
export const activeOnlyOperations: ReadonlyArray<{
  key: "complete" | "cancel" | "fail" | "keep-alive" | "update" | "file-add" | "file-validate";
  /** The canonical name: the spec's operationId, as client, pact and server call it. */
  operation: CanonicalOperationId;
  label: string;
  level: CheckLevel;
  requirements: readonly string[];
  movesState?: true;
}> = [
  {
    key: "complete",
    operation: "updateSession.complete",
    label: "complete",
    level: "MUST",
    requirements: ["complete.requires-active"],
    movesState: true,
  },
  {
    key: "cancel",
    operation: "updateSession.cancel",
    label: "cancel",
    level: "MUST",
    requirements: ["cancel.requires-active"],
    movesState: true,
  },
  {
    key: "fail",
    operation: "updateSession.fail",
    label: "fail",
    level: "MUST",
    requirements: ["fail.requires-active"],
    movesState: true,
  },
  {
    key: "keep-alive",
    operation: "updateSession.keepAlive",
    label: "keep_alive",
    level: "MUST",
    requirements: ["keep-alive.requires-active"],
    movesState: true,
  },
  {
    key: "update",
    operation: "updateSession.update",
    label: "update",
    level: "MUST",
    requirements: ["update.requires-active"],
  },
  // E28: no page names the session's state as a condition of file add, so this one is a SHOULD.
  {
    key: "file-add",
    operation: "updateSession.file.add",
    label: "file add",
    level: "SHOULD",
    requirements: ["file.add.requires-active"],
  },
  {
    key: "file-validate",
    operation: "updateSession.file.validate",
    label: "file validate",
    level: "MUST",
    requirements: ["file.validate.requires-active"],
  },
];

export function wrongStateCheckId<State extends string, Operation extends string>(
  stateKey: State,
  operationKey: Operation,
): `wrong-state.${State}.${Operation}` {
  return `wrong-state.${stateKey}.${operationKey}`;
}

export function stateKeptCheckId<Operation extends string>(
  operationKey: Operation,
): `wrong-state.state-kept.${Operation}` {
  return `wrong-state.state-kept.${operationKey}`;
}

const pairs = terminalStates.flatMap(({ key, state }) =>
  activeOnlyOperations.map((operation) => ({
    id: wrongStateCheckId(key, operation.key),
    title: operation.movesState
      ? `${operation.label} on a ${state} session fails with not_allowed_in_current_state`
      : `${operation.label} on a ${state} session fails with not_allowed_in_current_state and the session stays ${state}, every member and its file list unchanged`,
    level: operation.level,
    // get.any-state: every such check reads its session right before its call (and the others after it
    // too), and a refused reading fails the check.
    requirements: [...operation.requirements, "errors.not-allowed-in-current-state.400", "get.any-state"],
  })),
);

const stateKept = activeOnlyOperations
  .filter((operation) => operation.movesState)
  .map((operation) => ({
    id: stateKeptCheckId(operation.key),
    title: `${operation.label} on a DONE, a CANCELED and an ERROR session (refused, as documented) leaves each in its state, every member but expiration_time and its file list unchanged`,
    level: operation.level,
    requirements: [...operation.requirements, "get.any-state"],
  }));

export const wrongStateCatalogue = defineSuiteCatalogue({
  suite: "wrong-state",
  description:
    "Every ACTIVE-only operation on a DONE, CANCELED and ERROR session, and delete of an ACTIVE session: refused, state unchanged. Each check gets a session verified to be in its state right before its call. The ERROR session keeps the message fail gave it.",
  checks: [
    ...pairs,
    ...stateKept,
    {
      id: "wrong-state.error.records-client-message",
      title: "a session ended with fail carries the client's client_error_message in its error_message",
      level: "SHOULD",
      requirements: ["fail.records-client-message", "model.result.error-message-on-error", "get.any-state"],
    },
    {
      id: "wrong-state.active.delete",
      title:
        "delete of an ACTIVE session fails with not_allowed_in_current_state and the session stays ACTIVE, every member and file unchanged",
      level: "MUST",
      requirements: ["delete.active.not-allowed", "errors.not-allowed-in-current-state.400"],
    },
  ],
});
