import type { CheckContext } from "../src/checks/check-context.ts";
import { defineSuite } from "../src/checks/suite.ts";
import type { OperationCall } from "../src/dialects/wire-request.ts";
import {
  activeOnlyOperations,
  terminalStates,
  wrongStateCatalogue,
  wrongStateCheckId,
} from "./wrong-state.checks.ts";
import { clientErrorMessage, endSession, type TerminalState } from "./support/sessions.ts";
import { createSession, readSession, sessionParams } from "./support/steps.ts";

type OperationKey = (typeof activeOnlyOperations)[number]["key"];

/** How each ACTIVE-only operation is called: a well-formed request, so only the state can refuse it. */
const attempts: Record<OperationKey, { operationId: string; call: (sessionId: string) => OperationCall }> = {
  complete: { operationId: "updateSession.complete", call: sessionParams },
  cancel: { operationId: "updateSession.cancel", call: sessionParams },
  fail: {
    operationId: "updateSession.fail",
    call: (id) => ({ params: { update_session_id: id }, body: { client_error_message: clientErrorMessage } }),
  },
  "keep-alive": { operationId: "updateSession.keepAlive", call: sessionParams },
  update: {
    operationId: "updateSession.update",
    call: (id) => ({
      params: { update_session_id: id },
      body: { warning_behavior: [{ type: "SELF_SIGNED_CERTIFICATE", ignored: true }] },
    }),
  },
  "file-add": {
    operationId: "updateSession.file.add",
    call: (id) => ({
      params: { update_session_id: id },
      body: { name: "too-late.txt", source_type: "PUSH", size: 8 },
    }),
  },
  "file-validate": { operationId: "updateSession.file.validate", call: sessionParams },
};

export const wrongStateSuite = defineSuite(wrongStateCatalogue, ({ check, env }) => {
  /** One session per terminal state, shared by that state's checks (each only tries to change it). */
  const sessions = new Map<TerminalState, string>();

  /** The shared session in the state, made on first use; a set-up failure blocks and the next check retries. */
  async function sessionIn(t: CheckContext, state: TerminalState): Promise<string> {
    let id = sessions.get(state);
    if (id === undefined) {
      const itemId = await env.newItem(t, state.toLowerCase());
      id = await createSession(t, env, itemId);
      await endSession(t, id, state);
      sessions.set(state, id);
    }
    const before = (await readSession(t, id)).state;
    if (before !== state) {
      t.block(
        `the shared session should be ${state} but is ${JSON.stringify(before)} (set-up or an earlier check changed it)`,
      );
    }
    return id;
  }

  for (const { key: stateKey, state } of terminalStates) {
    for (const { key: operationKey, label } of activeOnlyOperations) {
      check(wrongStateCheckId(stateKey, operationKey), async (t) => {
        const id = await sessionIn(t, state);
        const attempt = attempts[operationKey];
        const response = await t.call(attempt.operationId, attempt.call(id));
        t.expectError(response, "not_allowed_in_current_state", `${label} on a ${state} session`);
        t.expectEqual((await readSession(t, id)).state, state, `state after the refused ${label}`);
      });
    }
  }

  check("wrong-state.error.records-client-message", async (t) => {
    const message = (await readSession(t, await sessionIn(t, "ERROR"))).error_message;
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
    const response = await t.call("updateSession.delete", sessionParams(id));
    t.expectError(response, "not_allowed_in_current_state", "delete of an ACTIVE session");
    t.expectEqual((await readSession(t, id)).state, "ACTIVE", "state after the refused delete");
  });
});
