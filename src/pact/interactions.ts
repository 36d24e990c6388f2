/**
 * The one interaction table both pacts are built from. Each row is dialect-neutral: an operation by its spec
 * id, the provider state it needs, the call as the suites make it (ids as injected examples), whether the
 * client's session goes along, and the outcome the documents promise. The rows are generated from the
 * suites' own operation lists, so a check added there shows up here.
 */
import { catalogues, type CheckId } from "../catalogue/index.ts";
import { protectedOperations } from "../catalogue/auth.checks.ts";
import { sessionOperations } from "../catalogue/not-found.checks.ts";
import { activeOnlyOperations, terminalStates, wrongStateCheckId } from "../catalogue/wrong-state.checks.ts";
import type { CanonicalOperationId } from "../../spec/index.ts";
import type { OperationCall } from "../dialects/wire-request.ts";
import { wellFormedCall as wellFormedCallOf } from "../../fixtures/well-formed-calls.ts";
import { injectedExamples, type ProviderState } from "./provider-states.ts";

export type Outcome = { kind: "success" } | { kind: "error"; errorType: string };

export interface InteractionSpec {
  /** Stable and unique; the suite check it slices when there is one. */
  key: string;
  /** The pact's interaction description (unique within a pact); forms of an operation add their suffix. */
  description: string;
  /** The canonical operation id; `forms` adds the dialect's alternative wire forms of it. */
  operationId: CanonicalOperationId;
  state: ProviderState;
  call: OperationCall;
  /** Whether the request carries the API session (`vmware-api-session-id`). */
  authenticated: boolean;
  outcome: Outcome;
  /** The suite checks this interaction is a single-request slice of. */
  checks: CheckId[];
  /** Also emit every alternative wire form the dialect's document declares (the 2014 action forms). */
  forms?: boolean;
}

const ex = injectedExamples;

type ProtectedOperation = (typeof protectedOperations)[number]["operation"];
/** The file the "with an added PUSH file" state adds, and the name no session or item has. */
export const addedFileName = "conformance.txt";
export const missingFileName = "conformance-no-such-file.txt";

/** A well-formed call of each operation, so the state (or the missing session) is the only thing at issue. */
export function wellFormedCall(
  operationId: CanonicalOperationId,
  ids: { sessionId?: string; libraryItemId?: string; fileName?: string } = {},
): OperationCall {
  const libraryItemId = ids.libraryItemId ?? ex.libraryItemId;
  return wellFormedCallOf(operationId, {
    sessionId: ids.sessionId ?? ex.sessionId,
    libraryItemId,
    clientToken: ex.clientToken,
    listedItemId: libraryItemId,
    fileName: ids.fileName ?? addedFileName,
    newFileName: addedFileName,
  });
}

const activeSession: ProviderState = { kind: "session", state: "ACTIVE" };
const activeWithFile: ProviderState = { kind: "session", state: "ACTIVE", fileName: addedFileName };

/** What each operation (by its canonical name) succeeds on, what the success row says, and the suite checks it slices. */
const successes: Record<ProtectedOperation, { state: ProviderState; says: string; checks: CheckId[] }> = {
  "updateSession.create": {
    state: { kind: "item" },
    says: "create on a library item without an active session returns the new session's id",
    checks: ["lifecycle.create.returns-id"],
  },
  "updateSession.get": {
    state: activeSession,
    says: "get of an ACTIVE session returns its model",
    checks: ["lifecycle.get.members"],
  },
  "updateSession.list": {
    state: activeSession,
    says: "list filtered by the session's library item returns session ids",
    checks: ["lifecycle.list.includes-session"],
  },
  "updateSession.update": { state: activeSession, says: "update of an ACTIVE session succeeds", checks: [] },
  "updateSession.delete": {
    state: { kind: "session", state: "DONE" },
    says: "delete of a DONE session succeeds",
    checks: ["lifecycle.delete.after-done"],
  },
  "updateSession.complete": {
    state: activeSession,
    says: "complete of an ACTIVE session without files succeeds",
    checks: ["lifecycle.complete.done"],
  },
  "updateSession.cancel": { state: activeSession, says: "cancel of an ACTIVE session succeeds", checks: [] },
  "updateSession.fail": { state: activeSession, says: "fail of an ACTIVE session succeeds", checks: [] },
  "updateSession.keepAlive": {
    state: activeSession,
    says: "keep_alive of an ACTIVE session succeeds",
    checks: [],
  },
  "updateSession.file.add": {
    state: activeSession,
    says: "file add of a PUSH file to an ACTIVE session returns the file's info",
    checks: ["lifecycle.file.add-push"],
  },
  "updateSession.file.get": {
    state: activeWithFile,
    says: "file get of a file added to the session returns its info",
    checks: ["lifecycle.file.list-and-get"],
  },
  "updateSession.file.list": {
    state: activeWithFile,
    says: "file list of a session with an added file returns the file infos",
    checks: ["lifecycle.file.list-and-get"],
  },
  "updateSession.file.remove": {
    state: activeWithFile,
    says: "file remove of a file added to the session succeeds",
    checks: [],
  },
  "updateSession.file.validate": {
    state: activeSession,
    says: "file validate of an ACTIVE session returns a validation result",
    checks: ["lifecycle.validate.clean"],
  },
};

function successRows(): InteractionSpec[] {
  return protectedOperations.map(({ key, operation: operationId }) => {
    const success = successes[operationId];
    return {
      key: `success.${key}`,
      description: success.says,
      operationId,
      state: success.state,
      call: wellFormedCall(operationId),
      authenticated: true,
      outcome: { kind: "success" },
      checks: success.checks,
      forms: true,
    };
  });
}

function createErrorRows(): InteractionSpec[] {
  const create = "updateSession.create";
  return [
    {
      key: "create-conflicts.second-create.resource-busy",
      description: "create on a library item that has an ACTIVE session fails with resource_busy",
      operationId: create,
      state: activeSession,
      call: wellFormedCall(create),
      authenticated: true,
      outcome: { kind: "error", errorType: "resource_busy" },
      checks: ["create-conflicts.second-create.resource-busy"],
    },
    {
      key: "create-conflicts.unknown-item.not-found",
      description: "create on a library item that does not exist fails with not_found",
      operationId: create,
      state: { kind: "unknown-item" },
      call: wellFormedCall(create),
      authenticated: true,
      outcome: { kind: "error", errorType: "not_found" },
      checks: ["create-conflicts.unknown-item.not-found"],
    },
    {
      key: "create-conflicts.client-token.not-uuid",
      description: "create with a client_token that is not a UUID fails with invalid_argument",
      operationId: create,
      state: { kind: "item" },
      call: { ...wellFormedCall(create), params: { client_token: "not-a-uuid-conformance-token" } },
      authenticated: true,
      outcome: { kind: "error", errorType: "invalid_argument" },
      checks: ["create-conflicts.client-token.not-uuid"],
    },
    {
      key: "create-conflicts.missing-item-id.invalid-argument",
      description: "create with a spec that has no library_item_id fails with invalid_argument",
      operationId: create,
      state: { kind: "item" },
      call: { params: { client_token: ex.clientToken }, body: {} },
      authenticated: true,
      outcome: { kind: "error", errorType: "invalid_argument" },
      checks: ["create-conflicts.missing-item-id.invalid-argument"],
    },
  ];
}

function article(word: string): string {
  return /^[AEIOU]/i.test(word) ? "an" : "a";
}

function wrongStateRows(): InteractionSpec[] {
  const pairs = terminalStates.flatMap(({ key: stateKey, state }) =>
    activeOnlyOperations.map(({ key, operation: operationId, label }): InteractionSpec => {
      return {
        key: wrongStateCheckId(stateKey, key),
        description: `${label} on ${article(state)} ${state} session fails with not_allowed_in_current_state`,
        operationId,
        state: { kind: "session", state },
        call: wellFormedCall(operationId),
        authenticated: true,
        outcome: { kind: "error", errorType: "not_allowed_in_current_state" },
        checks: [wrongStateCheckId(stateKey, key)],
      };
    }),
  );
  return [
    ...pairs,
    {
      key: "wrong-state.active.delete",
      description: "delete of an ACTIVE session fails with not_allowed_in_current_state",
      operationId: "updateSession.delete",
      state: activeSession,
      call: wellFormedCall("updateSession.delete"),
      authenticated: true,
      outcome: { kind: "error", errorType: "not_allowed_in_current_state" },
      checks: ["wrong-state.active.delete"],
    },
  ];
}

function notFoundRows(): InteractionSpec[] {
  const unknownSession = sessionOperations.map(({ key, operation: operationId, label }): InteractionSpec => {
    return {
      key: `not-found.${key}`,
      description: `${label} with an id that names no session fails with not_found`,
      operationId,
      state: { kind: "unknown-session" },
      call: wellFormedCall(operationId, { fileName: missingFileName }),
      authenticated: true,
      outcome: { kind: "error", errorType: "not_found" },
      checks: [`not-found.${key}`],
    };
  });
  const fileName = { fileName: missingFileName };
  return [
    ...unknownSession,
    {
      key: "not-found.list.unknown-item",
      description: "list filtered by a library item that does not exist fails with not_found",
      operationId: "updateSession.list",
      state: { kind: "unknown-item" },
      call: wellFormedCall("updateSession.list"),
      authenticated: true,
      outcome: { kind: "error", errorType: "not_found" },
      checks: ["not-found.list.unknown-item"],
    },
    {
      key: "not-found.file.unknown-name.get",
      description: "file get of a name that is not a file of the session fails with invalid_argument",
      operationId: "updateSession.file.get",
      state: activeSession,
      call: wellFormedCall("updateSession.file.get", fileName),
      authenticated: true,
      outcome: { kind: "error", errorType: "invalid_argument" },
      checks: ["not-found.file.unknown-name.get"],
    },
    {
      key: "not-found.file.unknown-name.remove",
      description: "file remove of a name that is not a file of the item fails with invalid_argument",
      operationId: "updateSession.file.remove",
      state: activeSession,
      call: wellFormedCall("updateSession.file.remove", fileName),
      authenticated: true,
      outcome: { kind: "error", errorType: "invalid_argument" },
      checks: ["not-found.file.unknown-name.remove"],
    },
  ];
}

function unauthenticatedRows(): InteractionSpec[] {
  return protectedOperations.map(({ key, operation: operationId, label }) => {
    return {
      key: `auth.unauthenticated.${key}`,
      description: `${label} without a session header fails with unauthenticated`,
      operationId,
      // Real resources, as the auth suite uses, so only the missing session is wrong.
      state: activeWithFile,
      call: wellFormedCall(operationId),
      authenticated: false,
      outcome: { kind: "error", errorType: "unauthenticated" },
      checks: [`auth.unauthenticated.${key}`],
    };
  });
}

/** Every row, in the order the pacts list them. */
export function interactionTable(): InteractionSpec[] {
  const rows = [
    ...successRows(),
    ...createErrorRows(),
    ...wrongStateRows(),
    ...notFoundRows(),
    ...unauthenticatedRows(),
  ];
  const keys = new Set<string>();
  for (const row of rows) {
    if (keys.has(row.key)) throw new Error(`interaction key ${row.key} is used twice`);
    keys.add(row.key);
  }
  return rows;
}

const checkLevels = new Map(catalogues.flatMap((c) => c.checks.map((check) => [check.id, check.level])));

/** The level of the suite check a row slices; rows without one state what the documents require (MUST). */
export function levelOf(row: InteractionSpec): string {
  const levels = row.checks.map((id) => checkLevels.get(id));
  if (levels.some((level) => level === undefined)) {
    throw new Error(`${row.key}: names a check no suite declares (${row.checks.join(", ")})`);
  }
  return levels.includes("MUST") || levels.length === 0 ? "MUST" : (levels[0] as string);
}
