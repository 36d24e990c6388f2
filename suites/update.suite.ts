import type { CheckContext } from "../src/checks/check-context.ts";
import { defineSuite } from "../src/checks/suite.ts";
import type { ApiResponse } from "../src/client/api-client.ts";
import { canonicalJson, withoutMembers } from "./support/compare.ts";
import { dateTimeMillis } from "./support/sessions.ts";
import { createSession, createWithSpec, readSession } from "./support/steps.ts";
import { updateCatalogue } from "../src/catalogue/update.checks.ts";
import { createSpec, updateSpec } from "../fixtures/create-specs.ts";

/** The WarningType values the documents list, and no other. */
const warningTypes = [
  "SELF_SIGNED_CERTIFICATE",
  "EXPIRED_CERTIFICATE",
  "NOT_YET_VALID_CERTIFICATE",
  "UNTRUSTED_CERTIFICATE",
] as const;

type WarningBehavior = Array<{ type: string; ignored: boolean }>;

/** warning_behavior in a comparable form: entries sorted by type (the documents fix no order). */
function comparable(value: unknown): string {
  const entries = Array.isArray(value) ? [...(value as unknown[])] : value;
  if (Array.isArray(entries)) {
    entries.sort((a, b) =>
      String((a as { type?: unknown }).type).localeCompare(String((b as { type?: unknown }).type)),
    );
  }
  return canonicalJson(entries ?? null);
}

/** An unset warning_behavior reads as the empty list (the member is optional in get results). */
function warningBehaviorOf(model: Record<string, unknown>): unknown {
  return model.warning_behavior ?? [];
}

export const updateSuite = defineSuite(updateCatalogue, ({ check, env }) => {
  async function update(t: CheckContext, sessionId: string, spec: Record<string, unknown>) {
    return t.call("updateSession.update", { params: { update_session_id: sessionId }, body: spec });
  }

  /**
   * Whether an update of a spec with members the documents call "not used" was refused with the
   * invalid_argument update documents for a spec that is not valid; if so, the session must be as before
   * (every member but expiration_time), and the check's verdict is that comparison.
   */
  async function refusedUnchanged(
    t: CheckContext,
    response: ApiResponse,
    sessionId: string,
    before: Record<string, unknown>,
  ): Promise<boolean> {
    if (response.success || response.errorType !== "invalid_argument") return false;
    t.expectError(response, "invalid_argument", "update refused for its spec");
    const after = await readSession(t, sessionId);
    t.expectEqual(
      canonicalJson(withoutMembers(after, ["expiration_time"])),
      canonicalJson(withoutMembers(before, ["expiration_time"])),
      "the session after the refused update (every member but expiration_time)",
    );
    return true;
  }

  /** Every entry of a returned warning_behavior carries type (a string) and ignored (a boolean). */
  function expectMembers(t: CheckContext, value: unknown, what: string): void {
    t.expectThat(
      Array.isArray(value) &&
        value.every(
          (entry) =>
            typeof entry === "object" &&
            entry !== null &&
            typeof (entry as { type?: unknown }).type === "string" &&
            typeof (entry as { ignored?: unknown }).ignored === "boolean",
        ),
      what,
      "an array of {type, ignored} entries",
      JSON.stringify(value) ?? "nothing",
    );
  }

  check("update.warning-behavior.applied", async (t) => {
    const sessionId = await createSession(t, env, await env.newItem(t, "applied"));
    const wanted: WarningBehavior = [{ type: "SELF_SIGNED_CERTIFICATE", ignored: true }];
    t.expectSuccess(await update(t, sessionId, updateSpec(wanted)), "update of an ACTIVE session");
    const model = await readSession(t, sessionId);
    expectMembers(t, model.warning_behavior, "warning_behavior after update");
    t.expectEqual(comparable(model.warning_behavior), comparable(wanted), "warning_behavior after update");
    t.expectEqual(model.state, "ACTIVE", "state after update");
  });

  check("update.warning-behavior.every-type", async (t) => {
    const itemId = await env.newItem(t, "every-type");
    const atCreate: WarningBehavior = warningTypes.map((type) => ({ type, ignored: true }));
    const sessionId = await createWithSpec(
      t,
      env,
      createSpec(itemId, { warning_behavior: atCreate }),
      "create with every WarningType in warning_behavior",
    );
    const first = await readSession(t, sessionId);
    expectMembers(t, first.warning_behavior, "warning_behavior after create");
    t.expectEqual(comparable(first.warning_behavior), comparable(atCreate), "warning_behavior after create");
    const atUpdate: WarningBehavior = warningTypes.map((type, index) => ({ type, ignored: index % 2 === 0 }));
    t.expectSuccess(
      await update(t, sessionId, updateSpec(atUpdate)),
      "update with every WarningType in warning_behavior",
    );
    const second = await readSession(t, sessionId);
    expectMembers(t, second.warning_behavior, "warning_behavior after update");
    t.expectEqual(comparable(second.warning_behavior), comparable(atUpdate), "warning_behavior after update");
  });

  check("update.invalid-spec.unknown-warning-type", async (t) => {
    const sessionId = await createSession(t, env, await env.newItem(t, "unknown-type"));
    const before = await readSession(t, sessionId);
    // A known type beside the unknown one: a target that drops the entry it cannot read and applies the
    // rest has changed the session behind its refusal.
    t.expectError(
      await update(
        t,
        sessionId,
        updateSpec([
          { type: "NOT_A_WARNING_TYPE", ignored: true },
          { type: "EXPIRED_CERTIFICATE", ignored: true },
        ]),
      ),
      "invalid_argument",
      "update with an unknown warning type",
    );
    const after = await readSession(t, sessionId);
    t.expectEqual(
      comparable(warningBehaviorOf(after)),
      comparable(warningBehaviorOf(before)),
      "warning_behavior after the refused update",
    );
    t.expectEqual(
      canonicalJson(withoutMembers(after, ["expiration_time"])),
      canonicalJson(withoutMembers(before, ["expiration_time"])),
      "the session after the refused update (every member but expiration_time)",
    );
  });

  check("update.incremental.unset-kept", async (t) => {
    const sessionId = await createSession(t, env, await env.newItem(t, "incremental"));
    const wanted: WarningBehavior = [{ type: "UNTRUSTED_CERTIFICATE", ignored: true }];
    t.prerequisite(await update(t, sessionId, updateSpec(wanted)), "setting warning_behavior");
    t.expectSuccess(await update(t, sessionId, {}), "update with a spec that leaves warning_behavior unset");
    const model = await readSession(t, sessionId);
    t.expectEqual(
      comparable(warningBehaviorOf(model)),
      comparable(wanted),
      "warning_behavior after an update that left it unset",
    );
  });

  check("update.keeps-item-and-state", async (t) => {
    const itemId = await env.newItem(t, "keeps-item");
    const otherItemId = await env.newItem(t, "keeps-item-other");
    const sessionId = await createSession(t, env, itemId);
    const before = await readSession(t, sessionId);
    const wanted: WarningBehavior = [{ type: "EXPIRED_CERTIFICATE", ignored: true }];
    const response = await update(t, sessionId, {
      library_item_id: otherItemId,
      state: "DONE",
      warning_behavior: wanted,
    });
    // The members are documented as "not used"; update documents invalid_argument for a spec that is not
    // valid, so a refusal that changed nothing is accepted too.
    if (await refusedUnchanged(t, response, sessionId, before)) return;
    t.expectSuccess(response, "update whose spec also carries library_item_id and state");
    const model = await readSession(t, sessionId);
    t.expectEqual(model.library_item_id, itemId, "library_item_id after update");
    t.expectEqual(model.state, "ACTIVE", "state after update");
    t.expectEqual(comparable(model.warning_behavior), comparable(wanted), "warning_behavior after update");
  });

  check("update.only-warning-behavior", async (t) => {
    const sessionId = await createSession(t, env, await env.newItem(t, "only-warning"));
    const before = await readSession(t, sessionId);
    const farAway = "2099-01-01T00:00:00.000Z";
    const wanted: WarningBehavior = [{ type: "NOT_YET_VALID_CERTIFICATE", ignored: true }];
    const response = await update(t, sessionId, {
      client_progress: 50,
      expiration_time: farAway,
      warning_behavior: wanted,
    });
    if (await refusedUnchanged(t, response, sessionId, before)) return;
    t.expectSuccess(response, "update whose spec also sets client_progress and expiration_time");
    const after = await readSession(t, sessionId);
    t.expectEqual(comparable(after.warning_behavior), comparable(wanted), "warning_behavior after update");
    t.expectEqual(after.client_progress, before.client_progress, "client_progress after update");
    t.expectEqual(
      after.library_item_content_version,
      before.library_item_content_version,
      "library_item_content_version after update",
    );
    // expiration_time moves with activity, so only "not the value the spec carried" can be asserted.
    t.expectThat(
      dateTimeMillis(after.expiration_time) !== Date.parse(farAway),
      "expiration_time after update",
      `not the ${farAway} the update spec carried`,
      JSON.stringify(after.expiration_time),
    );
  });
});
