import type { ModelCheckId } from "../../src/catalogue/model.checks.ts";
import type { SuiteBuilder } from "../../src/checks/suite.ts";
import { dateTimeMillis } from "../support/sessions.ts";
import {
  asRecord,
  createSession,
  createWithSpec,
  produced,
  producedId,
  readItem,
  readSession,
  sessionParams,
} from "../support/steps.ts";
import { createSpec, failSpec } from "../../fixtures/create-specs.ts";
/** The create spec's members, the result's id and fail: what a session carries beyond its shape. */
export function defineCreateSpecChecks({ check, env }: SuiteBuilder<ModelCheckId>): void {
  check("model.create.output-fields-ignored", async (t) => {
    const itemId = await env.newItem(t, "output-fields");
    const version = String((await readItem(t, itemId)).content_version);
    const given = {
      id: `usc-given-id-${crypto.randomUUID()}`,
      state: "DONE",
      client_progress: 50,
      library_item_content_version: `${version}99`,
      expiration_time: "2000-01-01T00:00:00.000Z",
      error_message: {
        id: "usc.conformance.given_error",
        default_message: "update session conformance: an error_message create must not use",
        args: [],
      },
    };
    const sessionId = await createWithSpec(
      t,
      env,
      createSpec(itemId, given),
      "create whose spec also sets the members create does not use",
    );
    t.expectThat(
      sessionId !== given.id,
      "the identifier create returned",
      `one of the target's own, not the ${given.id} the spec carried`,
      JSON.stringify(sessionId),
    );
    const model = await readSession(t, sessionId);
    t.expectEqual(model.state, "ACTIVE", "state of a session whose create spec said DONE");
    t.expectEqual(model.client_progress, 0, "client_progress of a session whose create spec said 50");
    t.expectEqual(
      model.library_item_content_version,
      version,
      "library_item_content_version (the item's content_version, not the spec's)",
    );
    t.expectThat(
      model.id === undefined || model.id === sessionId,
      "id in get",
      `absent or ${sessionId}`,
      JSON.stringify(model.id),
    );
    const expires = dateTimeMillis(model.expiration_time);
    t.expectThat(
      expires !== undefined && expires > Date.now() - 1000,
      "expiration_time of a session whose create spec gave one in the past",
      "a date-time in the future (the target's own)",
      JSON.stringify(model.expiration_time),
    );
    t.expectThat(
      model.error_message === undefined || model.error_message === null,
      "error_message of an ACTIVE session whose create spec carried one",
      "absent",
      JSON.stringify(model.error_message),
    );
  });

  check("model.create.without-client-token", async (t) => {
    const itemId = await env.newItem(t, "no-token");
    const created = await t.call("updateSession.create", { body: createSpec(itemId) });
    const madeId = producedId(created);
    if (madeId !== undefined) env.recordSession(madeId, itemId);
    t.expectSuccess(created, "create without client_token");
    t.expectThat(
      typeof created.value === "string" && created.value !== "",
      "create's result without client_token",
      "a non-empty identifier",
      JSON.stringify(created.value),
    );
    const sessionId = created.value as string;
    const got = await t.call("updateSession.get", sessionParams(sessionId));
    t.expectSuccess(got, "get of the session created without client_token");
    const model = asRecord(t, produced(got), "the session");
    t.expectEqual(
      model.library_item_id,
      itemId,
      "library_item_id of the session created without client_token",
    );
    t.expectEqual(model.state, "ACTIVE", "state of the session created without client_token");
  });

  check("model.get.id-is-own", async (t) => {
    // Two sessions, so an id copied from the wrong session cannot pass by being the only one there is.
    const first = await createSession(t, env, await env.newItem(t, "id-first"));
    const second = await createSession(t, env, await env.newItem(t, "id-second"));
    for (const sessionId of [first, second]) {
      const response = await t.call("updateSession.get", sessionParams(sessionId));
      t.expectSuccess(response, "get");
      const model = asRecord(t, produced(response), "the session");
      // Erratum E01: id may be absent; when present it must name the session asked for.
      t.expectThat(
        model.id === undefined || model.id === sessionId,
        `id in the get result of ${sessionId}`,
        `absent, or ${JSON.stringify(sessionId)}`,
        JSON.stringify(model.id),
      );
    }
  });

  check("model.fail.to-error", async (t) => {
    const sessionId = await createSession(t, env, await env.newItem(t, "fail"));
    t.expectSuccess(
      await t.call("updateSession.fail", {
        params: { update_session_id: sessionId },
        body: failSpec(),
      }),
      "fail of an ACTIVE session",
    );
    const response = await t.call("updateSession.get", sessionParams(sessionId));
    t.expectSuccess(response, "get after fail");
    const model = asRecord(t, produced(response), "the session");
    t.expectEqual(model.state, "ERROR", "state after fail");
    const message = model.error_message;
    const record = (typeof message === "object" && message !== null ? message : {}) as {
      id?: unknown;
      default_message?: unknown;
      args?: unknown;
    };
    // "If the session is in the ERROR status this property will have more details" (MUST): a message is
    // required here; that it carries the client's own text is wrong-state.error.records-client-message's SHOULD.
    t.expectThat(
      typeof record.id === "string" &&
        typeof record.default_message === "string" &&
        Array.isArray(record.args),
      "error_message of the session ended with fail",
      "a LocalizableMessage (id, default_message, args)",
      JSON.stringify(message) ?? "no error_message",
    );
  });
}
