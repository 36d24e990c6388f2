import type { CheckContext } from "../src/checks/check-context.ts";
import { defineSuite } from "../src/checks/suite.ts";
import type { SuiteEnvironment } from "../src/checks/suite-environment.ts";
import { lifecycleCatalogue } from "../src/catalogue/lifecycle.checks.ts";
import {
  asRecord,
  createSession,
  itemFileNames,
  produced,
  producedId,
  producedUploadUri,
  readItem,
  readSessionInAnyState,
  sessionParams,
} from "./support/steps.ts";
import { dateTimeMillis, endSession } from "./support/sessions.ts";
import { judgeEach } from "./support/variants.ts";
import { createSpec, pushFileSpec } from "../fixtures/create-specs.ts";

const fileName = "lifecycle.txt";

/** "The default is five minutes." */
const defaultIdleTimeoutSeconds = 300;
/** How far from a span expiration_time may be: the two clocks' readings and a slow moment of the target. */
const spanSlackSeconds = 2;

/** The idle timeout the run was told the target is configured with (--idle-timeout), which it may use instead. */
function declaredIdleTimeout(env: SuiteEnvironment): number[] | undefined {
  const seconds = env.run.idleTimeoutSeconds;
  return seconds === undefined ? undefined : [seconds];
}

function is2xx(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}
const content = "update session conformance: lifecycle payload\n";

export const lifecycleSuite = defineSuite(lifecycleCatalogue, ({ check, env }) => {
  let itemId: string | undefined;
  let sessionId: string | undefined;
  let versionBefore: string | undefined;
  let uploadUri: string | undefined;
  // Steps whose effect later checks depend on record it here, so a check whose step did not run (a --grep
  // that left it out, or the target refused it) is blocked instead of judging a state that was never
  // reached. Each is recorded as soon as the target has done it, before the check asserts on the answer:
  // a deviation in the answer is that check's verdict, not a reason to block the checks after it.
  let added: true | undefined;
  let uploaded: true | undefined;
  let completed: true | undefined;
  let deleted: true | undefined;
  /** What the lifecycle's checks need from create, named as the blocked message names it. */
  const fromCreate = "the session lifecycle.create.returns-id created";
  const theItem = "the library item lifecycle.create.returns-id made";
  const theVersion = "the item's content_version lifecycle.create.returns-id read before create";
  const addedFile = `the file ${fileName} lifecycle.file.add-push added`;
  const uploadedFile = `the bytes of ${fileName} lifecycle.upload.ready uploaded`;
  const completedSession = "the complete lifecycle.complete.done made";

  check("lifecycle.create.returns-id", async (t) => {
    itemId = await env.newItem(t, "lifecycle");
    versionBefore = String((await readItem(t, itemId)).content_version);
    const response = await t.call("updateSession.create", {
      body: createSpec(itemId),
      params: { client_token: crypto.randomUUID() },
    });
    sessionId = producedId(response);
    if (sessionId !== undefined) env.recordSession(sessionId, itemId);
    t.expectSuccess(response, "create");
    t.expectThat(
      typeof response.value === "string" && response.value !== "",
      "create's result",
      "a non-empty identifier",
      JSON.stringify(response.value),
    );
    // state.initial-active: the new session is ACTIVE, read right after create.
    const model = await readSessionInAnyState(t, response.value as string, "get of the new session");
    t.expectEqual(model.state, "ACTIVE", "state of a new session");
  });

  check("lifecycle.get.members", async (t) => {
    const id = t.needs(sessionId, fromCreate);
    const response = await t.call("updateSession.get", sessionParams(id));
    t.expectSuccess(response, "get");
    const model = asRecord(t, produced(response), "the session");
    t.expectEqual(model.library_item_id, t.needs(itemId, theItem), "library_item_id");
    t.expectEqual(model.client_progress, 0, "client_progress of a new session");
    t.expectEqual(
      model.library_item_content_version,
      t.needs(versionBefore, theVersion),
      "library_item_content_version (the item's content_version at creation)",
    );
    const expires = Date.parse(String(model.expiration_time));
    t.expectThat(
      Number.isFinite(expires) && expires > Date.now() - 1000,
      "expiration_time",
      "a date-time in the future",
      String(model.expiration_time),
    );
  });

  check("lifecycle.list.includes-session", async (t) => {
    const id = t.needs(sessionId, fromCreate);
    // A session of another item, so a filter the target ignores shows whatever other sessions exist.
    const decoy = await createSession(t, env, await env.newItem(t, "list-decoy"));
    const all = await t.call("updateSession.list");
    t.expectSuccess(all, "list");
    t.expectThat(
      Array.isArray(all.value) && all.value.includes(id) && all.value.includes(decoy),
      "list without a filter",
      `a list containing ${id} and ${decoy}`,
      JSON.stringify(all.value),
    );
    const filtered = await t.call("updateSession.list", {
      params: { library_item_id: t.needs(itemId, theItem) },
    });
    t.expectSuccess(filtered, "list filtered by item");
    t.expectEqual(filtered.value, [id], "list filtered by the session's item");
  });

  check("lifecycle.file.add-push", async (t) => {
    const id = t.needs(sessionId, fromCreate);
    const response = await t.call("updateSession.file.add", {
      params: { update_session_id: id },
      body: pushFileSpec(fileName, { size: new TextEncoder().encode(content).byteLength }),
    });
    uploadUri = producedUploadUri(response);
    if (response.success || uploadUri !== undefined) added = true;
    t.expectSuccess(response, "file add");
    const info = asRecord(t, produced(response), "the added file");
    t.expectEqual(info.name, fileName, "name");
    t.expectEqual(info.source_type, "PUSH", "source_type");
    t.expectEqual(info.status, "WAITING_FOR_TRANSFER", "status before any byte arrived");
    t.expectEqual(info.bytes_transferred, 0, "bytes_transferred before any byte arrived");
    const uri = (info.upload_endpoint as { uri?: unknown } | undefined)?.uri;
    t.expectThat(
      typeof uri === "string" && /^https?:\/\//.test(uri),
      "upload_endpoint.uri",
      "an http(s) URI to PUT the bytes to",
      JSON.stringify(uri),
    );
  });

  check("lifecycle.upload.ready", async (t) => {
    const id = t.needs(sessionId, fromCreate);
    const uri = t.needs(uploadUri, `the upload_endpoint.uri of the file add of lifecycle.file.add-push`);
    const exchange = await t.upload(uri, new TextEncoder().encode(content));
    const status = exchange.response?.status ?? 0;
    t.expectThat(status >= 200 && status < 300, "upload with PUT", "a 2xx status", String(status));
    uploaded = true;
    const response = await t.call("updateSession.file.get", {
      params: { update_session_id: id, file_name: fileName },
    });
    t.expectSuccess(response, "file get after the upload");
    const info = asRecord(t, produced(response), "the file");
    // One reading shows all three: a READY file whose size is missing or wrong is not fully described.
    const sent = new TextEncoder().encode(content).byteLength;
    t.expectEqual(
      { status: info.status, bytes_transferred: info.bytes_transferred, size: info.size },
      { status: "READY", bytes_transferred: sent, size: sent },
      "status, bytes_transferred and size after every byte arrived",
    );
  });

  check("lifecycle.file.list-and-get", async (t) => {
    const id = t.needs(sessionId, fromCreate);
    t.needs(added, addedFile);
    const list = await t.call("updateSession.file.list", sessionParams(id));
    t.expectSuccess(list, "file list");
    const names = Array.isArray(list.value) ? list.value.map((f) => (f as { name?: unknown }).name) : [];
    t.expectThat(names.includes(fileName), "file list", `a list naming ${fileName}`, JSON.stringify(names));
    const one = await t.call("updateSession.file.get", {
      params: { update_session_id: id, file_name: fileName },
    });
    t.expectSuccess(one, "file get");
    t.expectEqual(asRecord(t, produced(one), "the file").name, fileName, "file get's name");
  });

  check("lifecycle.validate.clean", async (t) => {
    const id = t.needs(sessionId, fromCreate);
    t.needs(uploaded, uploadedFile);
    const response = await t.call("updateSession.file.validate", sessionParams(id));
    t.expectSuccess(response, "validate");
    const result = asRecord(t, produced(response), "the validation result");
    t.expectEqual(result.has_errors, false, "has_errors");
    t.expectEqual(result.missing_files, [], "missing_files");
    t.expectEqual(result.invalid_files, [], "invalid_files");
  });

  check("lifecycle.invisible-before-complete", async (t) => {
    const item = t.needs(itemId, theItem);
    t.needs(uploaded, uploadedFile);
    const names = await itemFileNames(t, item);
    t.expectThat(
      !names.includes(fileName),
      "the item's files before complete",
      `no ${fileName} yet`,
      JSON.stringify(names),
    );
    t.expectEqual(
      String((await readItem(t, item)).content_version),
      t.needs(versionBefore, theVersion),
      "content_version before complete",
    );
  });

  check("lifecycle.complete.done", async (t) => {
    const id = t.needs(sessionId, fromCreate);
    t.needs(uploaded, uploadedFile);
    const response = await t.call("updateSession.complete", sessionParams(id));
    if (is2xx(response.status)) completed = true;
    t.expectSuccess(response, "complete");
    const model = await readSessionInAnyState(t, id, "get of the completed session");
    t.expectEqual(model.state, "DONE", "state after complete");
  });

  check("lifecycle.visible-after-complete", async (t) => {
    const item = t.needs(itemId, theItem);
    t.needs(completed, completedSession);
    const names = await itemFileNames(t, item);
    t.expectThat(
      names.includes(fileName),
      "the item's files after complete",
      `a list naming ${fileName}`,
      JSON.stringify(names),
    );
  });

  // A SHOULD of its own: a version that did not move must not fail the MUST visibility check above.
  check("lifecycle.content-version-increases", async (t) => {
    const item = t.needs(itemId, theItem);
    t.needs(completed, completedSession);
    const before = t.needs(versionBefore, theVersion);
    const after = String((await readItem(t, item)).content_version);
    // Versions are opaque strings; the official sample compares them, numerically where they are numbers.
    const increased =
      /^\d+$/.test(before) && /^\d+$/.test(after)
        ? BigInt(after) > BigInt(before)
        : after !== before && after > before;
    t.expectThat(increased, "content_version after complete", `greater than ${before}`, after);
  });

  check("lifecycle.delete.after-done", async (t) => {
    const id = t.needs(sessionId, fromCreate);
    t.needs(completed, completedSession);
    // A delete of a DONE session is what this check is about: a session complete left in another state
    // (lifecycle.complete.done's verdict) would make it judge something else.
    const reading = await t.call("updateSession.get", sessionParams(id));
    const state = is2xx(reading.status) ? (produced(reading) as { state?: unknown } | null)?.state : "DONE";
    if (state !== "DONE")
      t.block(`needs the session DONE after lifecycle.complete.done, but it is ${JSON.stringify(state)}`);
    // A refused reading does not stop the delete (what lifecycle.get.after-delete needs); it is judged after.
    const response = await t.call("updateSession.delete", sessionParams(id));
    if (is2xx(response.status)) {
      env.recordRemoved("update-session", id);
      deleted = true;
    }
    t.expectSuccess(response, "delete of a DONE session");
    if (!is2xx(reading.status))
      t.expectSuccess(reading, "get of the DONE session before its delete (get answers in every state)");
  });

  check("lifecycle.get.after-delete", async (t) => {
    const id = t.needs(sessionId, fromCreate);
    t.needs(deleted, "the delete lifecycle.delete.after-done made");
    t.expectError(await t.call("updateSession.get", sessionParams(id)), "not_found", "get after delete");
  });

  check("lifecycle.list.filter-excludes-other-items", async (t) => {
    // Two items with a session each: a filter the target ignores cannot pass by there being one session.
    // Last in the suite, so its requests do not add to the idle time of the lifecycle's own session.
    const first = await env.newItem(t, "filter-a");
    const second = await env.newItem(t, "filter-b");
    const sessions = {
      [first]: await createSession(t, env, first),
      [second]: await createSession(t, env, second),
    };
    for (const [item, other] of [
      [second, first],
      [first, second],
    ] as const) {
      const response = await t.call("updateSession.list", { params: { library_item_id: item } });
      t.expectSuccess(response, `list filtered by ${item}`);
      const ids = produced(response);
      // Only the exclusion: that the item's own session is listed is lifecycle.list.includes-session's verdict.
      t.expectThat(
        Array.isArray(ids) && !ids.includes(sessions[other]),
        `list filtered by item ${item}`,
        `a list without ${sessions[other]} (the session of item ${other})`,
        JSON.stringify(ids),
      );
    }
  });
  check("lifecycle.delete.after-canceled-or-error", async (t) => {
    // lifecycle.delete.after-done deletes a DONE session; the other ended states are each tried here.
    await judgeEach(
      t,
      "delete of an ended session",
      (["CANCELED", "ERROR"] as const).map((state) => ({
        label: `${state} session`,
        judge: async () => {
          const id = await createSession(t, env, await env.newItem(t, `delete-${state.toLowerCase()}`));
          await endSession(t, id, state);
          const reached = (await readSessionInAnyState(t, id, `get of the session ended ${state}`)).state;
          if (reached !== state)
            t.block(`the session was to be ${state} before its delete, but it is ${JSON.stringify(reached)}`);
          const response = await t.call("updateSession.delete", sessionParams(id));
          if (is2xx(response.status)) env.recordRemoved("update-session", id);
          t.expectSuccess(response, `delete of a ${state} session`);
          t.expectError(
            await t.call("updateSession.get", sessionParams(id)),
            "not_found",
            `get of the ${state} session after its delete`,
          );
        },
      })),
    );
  });

  check("lifecycle.expiration.default-five-minutes", async (t: CheckContext) => {
    // Not an expiry-suite item: the embedded server shortens only those, every other session keeps the default.
    const itemId = await env.newItem(t, "default-timeout");
    const created = await t.call("updateSession.create", {
      body: createSpec(itemId),
      params: { client_token: crypto.randomUUID() },
    });
    const id = producedId(created);
    if (id === undefined) t.block(`create answered ${created.status} without a session identifier`);
    env.recordSession(id, itemId);
    const date = Date.parse(created.exchange.response?.headers["date"] ?? "");
    if (!Number.isFinite(date)) t.skip("create's response carries no Date header to measure the span from");
    const model = await readSessionInAnyState(t, id, "get of the new session");
    const expires = dateTimeMillis(model.expiration_time);
    if (expires === undefined)
      t.block(
        model.expiration_time === undefined
          ? "the new session has no expiration_time (get leaves it out)"
          : `expiration_time ${JSON.stringify(model.expiration_time)} is not a date-time with a zone`,
      );
    // Date has second resolution and the session was made within that second, before the answer was sent.
    const span = (expires - date) / 1000;
    const spans = [defaultIdleTimeoutSeconds, ...(declaredIdleTimeout(env) ?? [])];
    const near = (seconds: number) =>
      span >= seconds - spanSlackSeconds && span <= seconds + 1 + spanSlackSeconds;
    t.expectThat(
      spans.some(near),
      "expiration_time of a new session, measured from create's Date",
      `about ${spans.map((seconds) => `${seconds} s`).join(" or ")} later (the documented default idle timeout${spans.length > 1 ? ", or the one the run was told of" : ""})`,
      `${span.toFixed(1)} s later (${JSON.stringify(model.expiration_time)}, Date ${new Date(date).toISOString()})`,
    );
  });
});
