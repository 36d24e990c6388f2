import type { ModelCheckId } from "../../src/catalogue/model.checks.ts";
import type { SuiteBuilder } from "../../src/checks/suite.ts";
import type { CheckContext } from "../../src/checks/check-context.ts";
import type { ApiClient, ApiResponse } from "../../src/client/api-client.ts";
import type { OperationCall } from "../../src/dialects/wire-request.ts";
import { canonicalJson } from "../support/compare.ts";
import { sessionFiles } from "../support/sessions.ts";
import { asRecord, createSession, produced, readSessionInAnyState, sessionParams } from "../support/steps.ts";
import { failSpec, pushFileSpec, updateSpec } from "../../fixtures/create-specs.ts";
import type { OperationId } from "../../spec/index.ts";

/**
 * The messages of an error body: `value.messages` in rest, `messages` in api. Undefined when the body has
 * none (or is not JSON), which is the deviation the errors check reports.
 */
function errorMessagesOf(t: CheckContext, response: ApiResponse): unknown {
  const json = response.json;
  if (typeof json !== "object" || json === null) return undefined;
  const body = json as Record<string, unknown>;
  if (t.dialect === "api") return body.messages;
  const value = body.value;
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>).messages
    : undefined;
}

/** Error bodies, callers other than the session's creator, and add specs that break AddSpec. */
export function defineErrorAndCallerChecks({ check, env }: SuiteBuilder<ModelCheckId>): void {
  check("model.errors.messages-non-empty", async (t) => {
    const sessionId = await createSession(t, env, await env.newItem(t, "errors"));
    const cases: Array<[string, string, () => Promise<ApiResponse>]> = [
      [
        "not_found",
        "get of a session id that names nothing",
        () => t.call("updateSession.get", sessionParams(crypto.randomUUID())),
      ],
      [
        "invalid_argument",
        "file get of a file the session does not have",
        () =>
          t.call("updateSession.file.get", {
            params: { update_session_id: sessionId, file_name: "conformance-no-such-file.txt" },
          }),
      ],
      [
        "not_allowed_in_current_state",
        "delete of an ACTIVE session",
        () => t.call("updateSession.delete", sessionParams(sessionId)),
      ],
      [
        "unauthenticated",
        "get without a session header",
        () => t.call("updateSession.get", sessionParams(sessionId), { kind: "none" }),
      ],
    ];
    for (const [errorType, what, send] of cases) {
      const response = await send();
      t.expectError(response, errorType, what);
      const messages = errorMessagesOf(t, response);
      t.expectThat(
        Array.isArray(messages) && messages.length > 0,
        `messages of the ${errorType} body (${what})`,
        "a non-empty array of LocalizableMessage",
        JSON.stringify(messages) ?? "no messages member",
      );
      for (const [index, entry] of (messages as unknown[]).entries()) {
        const message = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
        t.expectThat(
          typeof message.id === "string" &&
            message.id !== "" &&
            typeof message.default_message === "string" &&
            Array.isArray(message.args),
          `messages[${index}] of the ${errorType} body (${what})`,
          "a LocalizableMessage with a non-empty id, a default_message and args",
          JSON.stringify(entry),
        );
      }
    }
  });

  check("model.auth.other-user-session-operations", async (t) => {
    const otherUser = env.run.otherUser;
    if (otherUser === undefined)
      return t.skip(
        "the run knows no second user of the target (--other-username/--other-password), so no other caller can use the session",
      );
    const itemId = await env.newItem(t, "other-user");
    const cancelItemId = await env.newItem(t, "other-user-cancel");
    const failItemId = await env.newItem(t, "other-user-fail");
    const sessionId = await createSession(t, env, itemId);
    const toCancel = await createSession(t, env, cancelItemId);
    const toFail = await createSession(t, env, failItemId);
    const other: ApiClient = env.newClient(otherUser.username, otherUser.password);
    const login = await other.login();
    if (!login.success) t.block(`login as ${otherUser.username} failed with status ${login.status}`);
    const asOther = async (
      operationId: OperationId,
      call: OperationCall,
      what: string,
    ): Promise<ApiResponse> => {
      const response = await other.call(operationId, call);
      t.transcript.push(response.exchange);
      t.focus = response.exchange;
      return t.expectSuccess(response, `${what} as ${otherUser.username}, who did not create the session`);
    };
    const fileName = "other-user.txt";
    const file = { params: { update_session_id: sessionId, file_name: fileName } };

    const got = await asOther("updateSession.get", sessionParams(sessionId), "get");
    t.expectEqual(
      asRecord(t, produced(got), "the session").library_item_id,
      itemId,
      "library_item_id in get",
    );
    await asOther(
      "updateSession.update",
      {
        params: { update_session_id: sessionId },
        body: updateSpec(),
      },
      "update",
    );
    await asOther(
      "updateSession.keepAlive",
      { params: { update_session_id: sessionId }, body: { client_progress: 10 } },
      "keep_alive",
    );
    await asOther(
      "updateSession.file.add",
      { params: { update_session_id: sessionId }, body: pushFileSpec(fileName, { size: 8 }) },
      "file add",
    );
    await asOther("updateSession.file.get", file, "file get");
    const listed = await asOther("updateSession.file.list", sessionParams(sessionId), "file list");
    const entries = produced(listed);
    const names = Array.isArray(entries)
      ? entries.map((entry) => String((entry as { name?: unknown } | null)?.name))
      : [];
    t.expectThat(names.includes(fileName), "file list", `a list naming ${fileName}`, JSON.stringify(names));
    await asOther("updateSession.file.remove", file, "file remove");
    // validate after the remove: with a PUSH file that was never uploaded, validate may refuse the session
    // (errata E24), which would say nothing about who may call it.
    await asOther("updateSession.file.validate", sessionParams(sessionId), "file validate");
    await asOther("updateSession.complete", sessionParams(sessionId), "complete");
    await asOther("updateSession.cancel", sessionParams(toCancel), "cancel");
    await asOther("updateSession.fail", { params: { update_session_id: toFail }, body: failSpec() }, "fail");
    // What the other user did took effect: the creator sees it.
    const mine = await readSessionInAnyState(t, sessionId, "get of the session the other user completed");
    t.expectEqual(mine.state, "DONE", "state, read by the creator, after the other user's complete");
    t.expectEqual(
      canonicalJson(mine.warning_behavior),
      canonicalJson(updateSpec().warning_behavior),
      "warning_behavior, read by the creator, after the other user's update",
    );
    const canceled = await readSessionInAnyState(t, toCancel, "get of the session the other user canceled");
    t.expectEqual(canceled.state, "CANCELED", "state after the other user's cancel");
    const failed = await readSessionInAnyState(t, toFail, "get of the session the other user failed");
    t.expectEqual(failed.state, "ERROR", "state after the other user's fail");
    await asOther("updateSession.delete", sessionParams(sessionId), "delete");
    env.recordRemoved("update-session", sessionId);
    t.expectError(
      await t.call("updateSession.get", sessionParams(sessionId)),
      "not_found",
      "get by the creator after the other user's delete",
    );
  });

  check("model.file-add.invalid-spec", async (t) => {
    const sessionId = await createSession(t, env, await env.newItem(t, "invalid-spec"));
    const cases: Array<[string, Record<string, unknown>]> = [
      ["a spec without name", { source_type: "PUSH", size: 8 }],
      ["a spec without source_type", { name: "no-source-type.txt", size: 8 }],
      ["a spec with an unknown source_type", { name: "unknown-source-type.txt", source_type: "SIDEWAYS" }],
      ["a PULL spec without source_endpoint", { name: "pull-no-endpoint.txt", source_type: "PULL" }],
    ];
    for (const [what, spec] of cases) {
      t.expectError(
        await t.call("updateSession.file.add", { params: { update_session_id: sessionId }, body: spec }),
        "invalid_argument",
        `file add with ${what}`,
      );
    }
    // A refused add leaves nothing behind; the well-formed spec is accepted in the same session.
    const files = (await sessionFiles(t, sessionId)).map((entry) => String(entry.name));
    t.expectEqual(files, [], "the session's files after the refused adds");
    t.expectSuccess(
      await t.call("updateSession.file.add", {
        params: { update_session_id: sessionId },
        body: pushFileSpec("well-formed.txt", { size: 8 }),
      }),
      "file add with a well-formed PUSH spec in the same session",
    );
  });
}
