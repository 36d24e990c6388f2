import { createHash } from "node:crypto";
import type { CheckContext } from "../src/checks/check-context.ts";
import { defineSuite } from "../src/checks/suite.ts";
import type { ApiClient, ApiResponse } from "../src/client/api-client.ts";
import type { OperationCall } from "../src/dialects/wire-request.ts";
import { modelCatalogue } from "../src/catalogue/model.checks.ts";
import { canonicalJson, normaliseMaps, withoutMembers } from "./support/compare.ts";
import { newOvfItem, ovfDescriptor, ovfManifest } from "./support/ovf.ts";
import { servePullSource, type PullSource } from "./support/pull-source.ts";
import { clientErrorMessage, dateTimeMillis, sessionFiles, sleep } from "./support/sessions.ts";
import {
  addAndUpload,
  addPushFile,
  addPushFileForUpload,
  asRecord,
  createSession,
  createWithSpec,
  declared,
  itemFileNames,
  payload,
  produced,
  producedId,
  readItem,
  readSession,
  readSessionInAnyState,
  sessionParams,
} from "./support/steps.ts";

/** How long a PULL check waits for the target to fetch its source, or for a completion to settle. */
const pullSettleMs = 15_000;

/** A session or file status that is still moving. */
const transferringStatuses = ["WAITING_FOR_TRANSFER", "TRANSFERRING", "VALIDATING"];

/** The hash algorithms a ChecksumInfo may name, as node calls them. */
const nodeHashNames: Record<string, string> = {
  SHA1: "sha1",
  MD5: "md5",
  SHA256: "sha256",
  SHA512: "sha512",
};

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

/** A ChecksumInfo that names an algorithm this process can compute, compared with the bytes' own hash. */
function checksumMatches(checksumInfo: unknown, bytes: Uint8Array): boolean | undefined {
  if (typeof checksumInfo !== "object" || checksumInfo === null) return undefined;
  const { algorithm = "SHA1", checksum } = checksumInfo as { algorithm?: unknown; checksum?: unknown };
  const hash = nodeHashNames[String(algorithm)];
  if (hash === undefined || typeof checksum !== "string") return undefined;
  return createHash(hash).update(bytes).digest("hex") === checksum.toLowerCase();
}

export const modelSuite = defineSuite(modelCatalogue, ({ check, env }) => {
  /** Reads one file of a session as a set-up step. */
  async function readFile(
    t: CheckContext,
    sessionId: string,
    name: string,
  ): Promise<Record<string, unknown>> {
    const response = t.prerequisite(
      await t.call("updateSession.file.get", { params: { update_session_id: sessionId, file_name: name } }),
      `reading file ${name}`,
    );
    return asRecord(t, produced(response), `file ${name}`);
  }

  /**
   * Adds a PULL file whose source the check serves. A target that refuses the spec (it offers no PULL, or
   * not from this URI) is a MAY not offered: the check skips with its answer.
   */
  async function addPullFile(
    t: CheckContext,
    sessionId: string,
    name: string,
    source: PullSource,
    data: { size: number; sha256: string },
  ): Promise<void> {
    const added = await t.call("updateSession.file.add", {
      params: { update_session_id: sessionId },
      body: {
        name,
        source_type: "PULL",
        source_endpoint: { uri: source.url },
        ...declared(data),
      },
    });
    if (!added.success && (added.errorType === "invalid_argument" || added.errorType === "unsupported")) {
      t.notOffered(
        added,
        `the target refuses a PULL file from ${source.url}: ${added.status} ${added.errorType} (PULL is a MAY)`,
      );
    }
    t.expectSuccess(added, `file add with source_type PULL from ${source.url}`);
  }

  /** Ends the check as skipped when the target never asked the run's source for the content. */
  function skipIfNeverFetched(t: CheckContext, source: PullSource, what: string): void {
    if (source.requests() === 0) {
      t.skip(
        `the target never requested ${source.url} (${what}): it cannot reach this machine, so PULL is not shown`,
      );
    }
  }

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
      { library_item_id: itemId, ...given },
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
    const created = await t.call("updateSession.create", { body: { library_item_id: itemId } });
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
        body: { client_error_message: clientErrorMessage },
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
    const texts: unknown[] = [
      record.default_message,
      ...(Array.isArray(record.args) ? (record.args as unknown[]) : []),
    ];
    // error_message on ERROR is a SHOULD (model.result.error-message-on-error): a warning, not a failure.
    if (
      typeof record.id !== "string" ||
      !texts.some((text) => typeof text === "string" && text.includes(clientErrorMessage))
    ) {
      t.warn(
        "error_message of the session ended with fail",
        `a LocalizableMessage (id, default_message, args) carrying ${JSON.stringify(clientErrorMessage)}`,
        JSON.stringify(message) ?? "no error_message",
      );
    }
  });

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
    const asOther = async (operationId: string, call: OperationCall, what: string): Promise<ApiResponse> => {
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
        body: { warning_behavior: [{ type: "SELF_SIGNED_CERTIFICATE", ignored: true }] },
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
      { params: { update_session_id: sessionId }, body: { name: fileName, source_type: "PUSH", size: 8 } },
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
    await asOther(
      "updateSession.fail",
      { params: { update_session_id: toFail }, body: { client_error_message: clientErrorMessage } },
      "fail",
    );
    // What the other user did took effect: the creator sees it.
    const mine = await readSessionInAnyState(t, sessionId, "get of the session the other user completed");
    t.expectEqual(mine.state, "DONE", "state, read by the creator, after the other user's complete");
    t.expectEqual(
      canonicalJson(mine.warning_behavior),
      canonicalJson([{ type: "SELF_SIGNED_CERTIFICATE", ignored: true }]),
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
        body: { name: "well-formed.txt", source_type: "PUSH", size: 8 },
      }),
      "file add with a well-formed PUSH spec in the same session",
    );
  });

  check("model.ovf.metadata-after-descriptor", async (t) => {
    const sessionId = await createSession(t, env, await newOvfItem(t, env, "metadata-order"));
    const descriptorName = "order.ovf";
    const descriptor = ovfDescriptor("usc-model-metadata-order");
    await addAndUpload(t, sessionId, descriptorName, descriptor);
    const manifest = payload(ovfManifest({ [descriptorName]: descriptor }));
    t.expectError(
      await t.call("updateSession.file.add", {
        params: { update_session_id: sessionId },
        body: { name: "order.mf", source_type: "PUSH", size: manifest.size },
      }),
      "not_allowed_in_current_state",
      "file add of a manifest after the OVF descriptor",
    );
    const names = (await sessionFiles(t, sessionId)).map((entry) => String(entry.name));
    t.expectThat(
      !names.includes("order.mf"),
      "the session's files after the refused manifest",
      "no order.mf",
      JSON.stringify(names),
    );
  });

  check("model.ovf.metadata-not-kept", async (t) => {
    const itemId = await newOvfItem(t, env, "metadata-kept");
    const sessionId = await createSession(t, env, itemId);
    const descriptorName = "kept.ovf";
    const manifestName = "kept.mf";
    const descriptor = ovfDescriptor("usc-model-metadata-kept");
    // Metadata first: a manifest added after the descriptor is refused (model.ovf.metadata-after-descriptor).
    await addAndUpload(t, sessionId, manifestName, ovfManifest({ [descriptorName]: descriptor }));
    await addAndUpload(t, sessionId, descriptorName, descriptor);
    const files = await sessionFiles(t, sessionId);
    const notKept = files.filter((file) => file.keep_in_storage === false).map((file) => String(file.name));
    if (notKept.length === 0) {
      t.skip(
        `no file of the session has keep_in_storage false (the target keeps the manifest: ${JSON.stringify(
          files.map((file) => ({ name: file.name, keep_in_storage: file.keep_in_storage })),
        )}), so no file's absence is required`,
      );
    }
    t.prerequisite(
      await t.call("updateSession.complete", sessionParams(sessionId)),
      "completing the session",
    );
    const state = (await readSessionInAnyState(t, sessionId, "get of the completed session")).state;
    if (state !== "DONE") t.block(`the session is ${String(state)} after complete, not DONE`);
    const onItem = await itemFileNames(t, itemId);
    if (!onItem.includes(descriptorName))
      t.block(`completing the session did not put ${descriptorName} on the item (${JSON.stringify(onItem)})`);
    for (const name of notKept) {
      t.expectThat(
        !onItem.includes(name),
        `the item's files after complete (${name} had keep_in_storage false)`,
        `no ${name}`,
        JSON.stringify(onItem),
      );
    }
  });

  check("model.upload.post", async (t) => {
    const name = "posted.txt";
    const data = payload("update session conformance: content sent with POST\n");
    const sessionId = await createSession(t, env, await env.newItem(t, "upload-post"));
    const uri = await addPushFileForUpload(t, sessionId, name, declared(data));
    const exchange = await t.upload(uri, data.bytes, "POST");
    const status = exchange.response?.status ?? 0;
    if (status < 200 || status >= 300) {
      return t.skip(
        `the upload endpoint does not take POST: it answered ${status} (PUT is the documented method)`,
      );
    }
    const file = await readFile(t, sessionId, name);
    t.expectEqual(file.status, "READY", `status of ${name} after the POST upload was accepted`);
    t.expectEqual(file.size, data.size, `size of ${name} after the POST upload`);
    t.expectEqual(file.bytes_transferred, data.size, `bytes_transferred of ${name} after the POST upload`);
  });

  check("model.query-form.get", async (t) => {
    if (t.dialect !== "rest") t.skip("the 2014 query-string form exists only in the rest dialect");
    const sessionId = await createSession(t, env, await env.newItem(t, "query-form"));
    await addPushFile(t, sessionId, "query-form.txt", { size: 16 });
    const canonical = t.prerequisite(
      await t.call("updateSession.get", sessionParams(sessionId)),
      "GET of the session",
    );
    const form = "POST .../update-session?~action=get&update_session_id=<id>";
    const response = await t.call("updateSession.get.bodyAction", {
      query: { update_session_id: sessionId },
    });
    const notServed =
      response.status === 404 ||
      response.status === 405 ||
      response.errorType === "operation_not_found" ||
      response.errorType === "invalid_request" ||
      // Without a body the target may read the form as a body-action form lacking its parameter.
      (response.errorType === "invalid_argument" && response.status === 400);
    if (!response.success && notServed) {
      t.notOffered(
        response,
        `the target does not serve ${form}: it answered ${response.status} ${response.errorType ?? ""}`.trim(),
      );
    }
    t.expectSuccess(response, form);
    t.expectThat(
      typeof response.value === "object" && response.value !== null && !Array.isArray(response.value),
      `the result of ${form}`,
      "the session (a JSON object)",
      JSON.stringify(response.value) ?? "nothing",
    );
    const comparable = (value: unknown): string =>
      canonicalJson(normaliseMaps(withoutMembers(value, ["expiration_time"])));
    t.expectEqual(
      comparable(response.value),
      comparable(canonical.value),
      `the session ${form} returned (every member but expiration_time)`,
    );
  });

  check("model.pull.http", async (t) => {
    const name = "pulled.txt";
    const data = payload("update session conformance: content the target pulls over http\n");
    const source = await servePullSource(name, data.bytes);
    try {
      const sessionId = await createSession(t, env, await env.newItem(t, "pull"));
      await addPullFile(t, sessionId, name, source, data);
      const deadline = Date.now() + pullSettleMs;
      let file = await readFile(t, sessionId, name);
      while (transferringStatuses.includes(String(file.status)) && Date.now() < deadline) {
        await sleep(200);
        file = await readFile(t, sessionId, name);
      }
      skipIfNeverFetched(t, source, `the file is ${String(file.status)}`);
      t.expectEqual(file.status, "READY", `status of ${name} once the target fetched its source`);
      t.expectEqual(file.source_type, "PULL", `source_type of ${name}`);
      t.expectEqual(file.size, data.size, `size of ${name} (the source's byte count)`);
      t.expectEqual(file.bytes_transferred, data.size, `bytes_transferred of ${name}`);
      const matches = checksumMatches(file.checksum_info, data.bytes);
      t.expectThat(
        matches !== false,
        `checksum_info of ${name}`,
        "absent, or the checksum of the source's bytes",
        JSON.stringify(file.checksum_info),
      );
    } finally {
      await source.close();
    }
  });

  check("model.pull.complete-then-poll", async (t) => {
    const name = "pulled-late.txt";
    const data = payload("update session conformance: content still on its way when complete is called\n");
    // The source holds its answer until complete returned, so complete arrives while the target is still
    // fetching (a target whose complete waits for the transfer gets the answer after 5 s).
    const source = await servePullSource(name, data.bytes, { holdMs: 5_000 });
    try {
      const itemId = await env.newItem(t, "pull-complete");
      const sessionId = await createSession(t, env, itemId);
      await addPullFile(t, sessionId, name, source, data);
      const completed = await t.call("updateSession.complete", sessionParams(sessionId));
      source.release();
      if (!completed.success && completed.errorType === "not_allowed_in_current_state") {
        skipIfNeverFetched(t, source, "complete was refused");
        return t.skip(
          "the target refuses complete while its PULL transfer runs (it does not return early, which the documents allow)",
        );
      }
      t.expectSuccess(completed, "complete of a session whose PULL transfer runs");
      const deadline = Date.now() + pullSettleMs;
      const poll = () => readSessionInAnyState(t, sessionId, "get of the session after complete");
      let model = await poll();
      while (model.state === "ACTIVE" && Date.now() < deadline) {
        await sleep(200);
        model = await poll();
      }
      skipIfNeverFetched(t, source, `the session is ${String(model.state)}`);
      t.expectEqual(model.state, "DONE", "state once the session left ACTIVE after complete");
      const listed = t.prerequisite(
        await t.call("library.item.file.list", { params: { library_item_id: itemId } }),
        "listing the item's files",
      );
      const files = Array.isArray(listed.value) ? (listed.value as unknown[]) : [];
      const entry = files.find((f) => (f as { name?: unknown } | null)?.name === name) as
        Record<string, unknown> | undefined;
      t.expectThat(
        entry !== undefined,
        "the item's files after the PULL session is DONE",
        `a list naming ${name}`,
        JSON.stringify(files.map((f) => (f as { name?: unknown } | null)?.name)),
      );
      const file = entry as Record<string, unknown>;
      t.expectEqual(file.size, data.size, `size of ${name} on the item (the source's byte count)`);
      t.expectThat(
        checksumMatches(file.checksum_info, data.bytes) !== false,
        `checksum_info of ${name} on the item`,
        "absent, or the checksum of the source's bytes",
        JSON.stringify(file.checksum_info),
      );
    } finally {
      await source.close();
    }
  });
});
