import type { CheckContext } from "../src/checks/check-context.ts";
import type { ApiResponse } from "../src/client/api-client.ts";
import type { SuiteEnvironment } from "../src/checks/suite-environment.ts";
import { defineSuite, type ConformanceSuite } from "../src/checks/suite.ts";
import { createConflictsCatalogue } from "../src/catalogue/create-conflicts.checks.ts";
import { endSession, sessionsOfItem, type TerminalState } from "./support/sessions.ts";
import { judgeEach } from "./support/variants.ts";
import { createSession, producedId, step } from "./support/steps.ts";
import { createSpec } from "../fixtures/create-specs.ts";

const burst = 20;
const terminal: readonly TerminalState[] = ["DONE", "CANCELED", "ERROR"];

function createCall(itemId: string, clientToken: string = crypto.randomUUID()) {
  return { body: createSpec(itemId), params: { client_token: clientToken } };
}

/** A create the check expected to be refused may still have created a session: teardown must find it. */
function recordIfCreated(env: SuiteEnvironment, response: ApiResponse, itemId: string): void {
  const id = producedId(response);
  if (id !== undefined) env.recordSession(id, itemId);
}

const createConflictsChecks = defineSuite(createConflictsCatalogue, ({ check, env }) => {
  check("create-conflicts.second-create.resource-busy", async (t) => {
    const itemId = await env.newItem(t, "busy");
    const first = await createSession(t, env, itemId);
    // A session of another item: the filtered list below must leave it out, whatever else the user has.
    await createSession(t, env, await env.newItem(t, "busy-decoy"));
    const second = await t.call("updateSession.create", createCall(itemId));
    recordIfCreated(env, second, itemId);
    t.expectError(second, "resource_busy", "create on an item whose session is ACTIVE");
    t.expectEqual(await sessionsOfItem(t, itemId), [first], "the item's sessions after the refused create");
  });

  check("create-conflicts.after-ended.allowed", async (t) => {
    // Every way a session ends releases its item; each is tried, so one deviation does not hide another.
    await judgeEach(
      t,
      "create on an item whose session has ended",
      terminal.map((state) => ({
        label: `after ${state}`,
        judge: async () => {
          const itemId = await env.newItem(t, `after-${state.toLowerCase()}`);
          const first = await createSession(t, env, itemId);
          await endSession(t, first, state);
          const second = await t.call("updateSession.create", createCall(itemId));
          recordIfCreated(env, second, itemId);
          t.expectSuccess(second, `create after the item's previous session ended ${state}`);
          t.expectThat(
            typeof second.value === "string" && second.value !== "" && second.value !== first,
            "create's result",
            `a new identifier, not ${first}`,
            JSON.stringify(second.value),
          );
        },
      })),
    );
  });

  check("create-conflicts.client-token.idempotent", async (t: CheckContext) => {
    const itemId = await env.newItem(t, "token-repeat");
    const token = crypto.randomUUID();
    const first = step(
      t,
      await t.call("updateSession.create", createCall(itemId, token)),
      "the first create",
    );
    const firstId = producedId(first);
    if (firstId === undefined)
      t.block(`the first create answered ${first.status} without a session identifier`);
    env.recordSession(firstId, itemId);
    await createSession(t, env, await env.newItem(t, "token-decoy"));
    const again = await t.call("updateSession.create", createCall(itemId, token));
    recordIfCreated(env, again, itemId);
    t.expectSuccess(again, "create repeated with the same client_token");
    t.expectEqual(again.value, firstId, "the identifier the repeated create returned");
    t.expectEqual(
      await sessionsOfItem(t, itemId),
      [firstId],
      "the item's sessions after the repeated create",
    );
  });

  check("create-conflicts.client-token.not-uuid", async (t) => {
    const itemId = await env.newItem(t, "token-not-uuid");
    const response = await t.call("updateSession.create", createCall(itemId, "not-a-uuid-conformance-token"));
    recordIfCreated(env, response, itemId);
    t.expectError(response, "invalid_argument", "create with a client_token that is not a UUID");
    t.expectEqual(await sessionsOfItem(t, itemId), [], "the item's sessions after the refused create");
  });

  check("create-conflicts.missing-item-id.invalid-argument", async (t) => {
    const response = await t.call("updateSession.create", {
      body: {},
      params: { client_token: crypto.randomUUID() },
    });
    recordIfCreated(env, response, "");
    t.expectError(response, "invalid_argument", "create with a spec that has no library_item_id");
  });

  check("create-conflicts.unknown-item.not-found", async (t) => {
    const unknownItem = crypto.randomUUID();
    const response = await t.call("updateSession.create", createCall(unknownItem));
    recordIfCreated(env, response, unknownItem);
    t.expectError(response, "not_found", "create on a library item that does not exist");
  });

  check("create-conflicts.wrong-resource-type.refused", async (t: CheckContext) => {
    // E48: an identifier of another resource type names no item (not_found) or is not a valid one (invalid_argument).
    const session = await createSession(t, env, await env.newItem(t, "wrong-type"));
    await judgeEach(
      t,
      "create whose library_item_id is not a library item's",
      [
        { label: "a library's identifier", id: env.run.libraryId },
        { label: "an update session's identifier", id: session },
      ].map(({ label, id }) => ({
        label,
        judge: async () => {
          const response = await t.call("updateSession.create", createCall(id));
          recordIfCreated(env, response, id);
          const expected = response.errorType === "invalid_argument" ? "invalid_argument" : "not_found";
          t.expectError(response, expected, `create with ${label} as library_item_id`);
        },
      })),
    );
  });

  check("create-conflicts.subscribed-item.invalid-element-type", async (t: CheckContext) => {
    const itemId = env.run.subscribedItemId;
    if (itemId === undefined)
      t.skip(env.run.subscribedItemMissing ?? "the target offers no subscribed library item");
    const response = await t.call("updateSession.create", createCall(itemId));
    recordIfCreated(env, response, itemId);
    t.expectError(response, "invalid_element_type", "create on an item of a subscribed library");
  });

  check("create-conflicts.concurrent-creates.one-session", async (t) => {
    const itemId = await env.newItem(t, "burst");
    const responses = await Promise.all(
      Array.from({ length: burst }, () => t.call("updateSession.create", createCall(itemId))),
    );
    for (const response of responses) recordIfCreated(env, response, itemId);
    const winners = responses.filter((response) => response.success);
    t.expectThat(
      winners.length === 1,
      `successful creates among ${burst} concurrent ones on one item`,
      "exactly 1",
      `${winners.length}: ${JSON.stringify(winners.map((response) => response.value))}`,
    );
    for (const response of responses) {
      if (!response.success)
        t.expectError(response, "resource_busy", "a concurrent create that lost the race");
    }
    t.expectEqual(
      await sessionsOfItem(t, itemId),
      [winners[0]?.value],
      "the item's sessions after the burst",
    );
  });
});

/** Its subscribed-item check creates a session on env.run.subscribedItemId: the run provisions one for it. */
export const createConflictsSuite: ConformanceSuite = {
  ...createConflictsChecks,
  needs: { subscribedItem: true },
};
