import type { CheckContext } from "../src/checks/check-context.ts";
import { defineSuite } from "../src/checks/suite.ts";
import type { ApiResponse } from "../src/client/api-client.ts";
import type { OperationCall } from "../src/dialects/wire-request.ts";
import {
  activeOnlyOperations,
  stateKeptCheckId,
  terminalStates,
  wrongStateCatalogue,
  wrongStateCheckId,
} from "../src/catalogue/wrong-state.checks.ts";
import { endSession, sessionFiles, type TerminalState } from "./support/sessions.ts";
import {
  addPushFile,
  createSession,
  produced,
  readSession,
  readSessionInAnyState,
  sessionParams,
} from "./support/steps.ts";
import { canonicalJson, withoutMembers } from "./support/compare.ts";
import { judgeEach } from "./support/variants.ts";
import { clientErrorMessage } from "../fixtures/create-specs.ts";
import { wellFormedCall } from "../fixtures/well-formed-calls.ts";
import type { CanonicalOperationId } from "../spec/index.ts";

/** The state a get answered, or undefined when it answered no session. */
function stateOf(response: ApiResponse): unknown {
  const model = produced(response);
  return typeof model === "object" && model !== null ? (model as { state?: unknown }).state : undefined;
}

/** How each ACTIVE-only operation is called: a well-formed request, so only the state can refuse it. */
function attempt(operationId: CanonicalOperationId, sessionId: string): OperationCall {
  return wellFormedCall(operationId, { sessionId, newFileName: "too-late.txt" });
}

/**
 * What a refused call must leave as it was: the session (every member but expiration_time, which moves
 * with activity) and the names of the session's files, or the status file list answered instead.
 */
async function sessionSnapshot(t: CheckContext, sessionId: string, what: string): Promise<unknown> {
  const model = await readSessionInAnyState(t, sessionId, what);
  const files = await t.call("updateSession.file.list", sessionParams(sessionId));
  const listed = produced(files);
  return {
    state: model.state,
    session: canonicalJson(withoutMembers(model, ["expiration_time"])),
    files: Array.isArray(listed)
      ? listed.map((file) => String((file as { name?: unknown } | null)?.name)).sort()
      : `file list answered ${files.status}`,
  };
}

export const wrongStateSuite = defineSuite(wrongStateCatalogue, ({ check, env }) => {
  /** One session per terminal state, reused by that state's checks for as long as it stays in that state. */
  const sessions = new Map<TerminalState, string>();

  /**
   * A session verifiably in `state` right before the call a check makes: the shared one when a reading
   * shows it still is, else a new one, made and verified now. A target that let an earlier check move the
   * shared session (that check's deviation) can neither block nor decide this one. The verifying reading
   * is documented behaviour (get answers in every state): a target that refuses it fails the check, which
   * names get.any-state, instead of leaving it blocked.
   */
  async function sessionIn(t: CheckContext, state: TerminalState): Promise<string> {
    const shared = sessions.get(state);
    if (shared !== undefined) {
      if (stateOf(await t.call("updateSession.get", sessionParams(shared))) === state) return shared;
      sessions.delete(state);
    }
    const id = await createSession(t, env, await env.newItem(t, state.toLowerCase()));
    await endSession(t, id, state);
    const reached = (await readSessionInAnyState(t, id, `get of the session ended ${state}`)).state;
    if (reached !== state)
      t.block(`a new session was to be ${state} after ending it, but it is ${JSON.stringify(reached)}`);
    sessions.set(state, id);
    return id;
  }

  for (const { key: stateKey, state } of terminalStates) {
    for (const { key: operationKey, operation, label, movesState } of activeOnlyOperations) {
      check(wrongStateCheckId(stateKey, operationKey), async (t) => {
        const id = await sessionIn(t, state);
        // The whole model and the file list, not only the state: a refused update must not have changed
        // warning_behavior, nor a refused file add the session's files.
        const before = movesState
          ? undefined
          : await sessionSnapshot(t, id, `get of the ${state} session before ${label}`);
        const response = await t.call(operation, attempt(operation, id));
        t.expectError(response, "not_allowed_in_current_state", `${label} on a ${state} session`);
        // What a refused state-moving operation did to the state is wrong-state.state-kept.<operation>'s verdict.
        if (before !== undefined) {
          const after = await sessionSnapshot(
            t,
            id,
            `get of the ${state} session after the refused ${label}`,
          );
          t.expectEqual(
            after,
            before,
            `the ${state} session after the refused ${label} (its state, every member but expiration_time, its files)`,
          );
        }
      });
    }
  }

  for (const { key: operationKey, operation, label } of activeOnlyOperations.filter(
    (candidate) => candidate.movesState,
  )) {
    check(stateKeptCheckId(operationKey), async (t) => {
      await judgeEach(
        t,
        `the state after ${label} on an ended session`,
        terminalStates.map(({ state }) => ({
          label: `${state} session`,
          judge: async () => {
            const id = await sessionIn(t, state);
            const before = await sessionSnapshot(t, id, `get of the ${state} session before ${label}`);
            // Whatever it answers: the answer is wrong-state.<state>.<operation>'s verdict, the state is this one's.
            await t.call(operation, attempt(operation, id));
            const after = await sessionSnapshot(t, id, `get of the ${state} session after ${label}`);
            // Not only the state: a refused call must not have rewritten error_message, client_progress or
            // the session's files either.
            t.expectEqual(
              after,
              before,
              `the ${state} session after ${label} (its state, every member but expiration_time, its files)`,
            );
          },
        })),
      );
    });
  }

  check("wrong-state.error.records-client-message", async (t) => {
    const id = await sessionIn(t, "ERROR");
    const message = (await readSessionInAnyState(t, id, "get of the ERROR session")).error_message;
    const record = (typeof message === "object" && message !== null ? message : {}) as {
      default_message?: unknown;
      args?: unknown;
    };
    const texts: unknown[] = [
      record.default_message,
      ...(Array.isArray(record.args) ? (record.args as unknown[]) : []),
    ];
    t.expectThat(
      texts.some((text) => typeof text === "string" && text.includes(clientErrorMessage)),
      "error_message of the session ended with fail",
      `a LocalizableMessage whose default_message or args carry ${JSON.stringify(clientErrorMessage)}`,
      JSON.stringify(message) ?? "no error_message",
    );
  });

  check("wrong-state.active.delete", async (t) => {
    const itemId = await env.newItem(t, "active");
    const id = await createSession(t, env, itemId);
    // A file in the session, so a delete that was refused but dropped the session's files shows.
    await addPushFile(t, id, "kept.txt", { size: 8 });
    const before = await readSession(t, id);
    const filesBefore = (await sessionFiles(t, id)).map((file) => String(file.name)).sort();
    const response = await t.call("updateSession.delete", sessionParams(id));
    t.expectError(response, "not_allowed_in_current_state", "delete of an ACTIVE session");
    const after = await readSession(t, id);
    t.expectEqual(after.state, "ACTIVE", "state after the refused delete");
    t.expectEqual(
      canonicalJson(withoutMembers(after, ["expiration_time"])),
      canonicalJson(withoutMembers(before, ["expiration_time"])),
      "the session after the refused delete (every member but expiration_time)",
    );
    t.expectEqual(
      (await sessionFiles(t, id)).map((file) => String(file.name)).sort(),
      filesBefore,
      "the session's files after the refused delete",
    );
  });
});
