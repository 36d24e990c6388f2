import { defineSuite } from "../src/checks/suite.ts";
import { lifecycleCatalogue } from "./lifecycle.checks.ts";
import { asRecord, itemFileNames, readItem, readSession, sessionParams } from "./support/steps.ts";

const fileName = "lifecycle.txt";
const content = "update session conformance: lifecycle payload\n";

export const lifecycleSuite = defineSuite(lifecycleCatalogue, ({ check, env }) => {
  let itemId: string | undefined;
  let sessionId: string | undefined;
  let versionBefore: string | undefined;
  let uploadUri: string | undefined;
  // Steps whose effect later checks depend on record it here, so a check whose step did not run (a --grep
  // that left it out, or a failure) is blocked instead of judging a state that was never reached.
  let uploaded: true | undefined;
  let completed: true | undefined;
  let deleted: true | undefined;

  check("lifecycle.create.returns-id", async (t) => {
    itemId = await env.newItem(t, "lifecycle");
    versionBefore = String((await readItem(t, itemId)).content_version);
    const response = await t.call("updateSession.create", {
      body: { library_item_id: itemId },
      params: { client_token: crypto.randomUUID() },
    });
    t.expectSuccess(response, "create");
    t.expectThat(
      typeof response.value === "string" && response.value !== "",
      "create's result",
      "a non-empty identifier",
      JSON.stringify(response.value),
    );
    sessionId = response.value as string;
    env.recordSession(sessionId, itemId);
  });

  check("lifecycle.get.members", async (t) => {
    const id = t.needs(sessionId, "a session from create");
    const response = await t.call("updateSession.get", sessionParams(id));
    t.expectSuccess(response, "get");
    const model = asRecord(t, response.value, "the session");
    t.expectEqual(model.library_item_id, t.needs(itemId, "the item"), "library_item_id");
    t.expectEqual(model.state, "ACTIVE", "state of a new session");
    t.expectEqual(model.client_progress, 0, "client_progress of a new session");
    t.expectEqual(
      model.library_item_content_version,
      t.needs(versionBefore, "the item's version"),
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
    const id = t.needs(sessionId, "a session from create");
    const all = await t.call("updateSession.list");
    t.expectSuccess(all, "list");
    t.expectThat(
      Array.isArray(all.value) && all.value.includes(id),
      "list without a filter",
      `a list containing ${id}`,
      JSON.stringify(all.value),
    );
    const filtered = await t.call("updateSession.list", {
      params: { library_item_id: t.needs(itemId, "the item") },
    });
    t.expectSuccess(filtered, "list filtered by item");
    t.expectEqual(filtered.value, [id], "list filtered by the session's item");
  });

  check("lifecycle.file.add-push", async (t) => {
    const id = t.needs(sessionId, "a session from create");
    const response = await t.call("updateSession.file.add", {
      params: { update_session_id: id },
      body: { name: fileName, source_type: "PUSH", size: new TextEncoder().encode(content).byteLength },
    });
    t.expectSuccess(response, "file add");
    const info = asRecord(t, response.value, "the added file");
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
    uploadUri = uri as string;
  });

  check("lifecycle.upload.ready", async (t) => {
    const id = t.needs(sessionId, "a session from create");
    const uri = t.needs(uploadUri, "an upload endpoint from file add");
    const exchange = await t.upload(uri, new TextEncoder().encode(content));
    const status = exchange.response?.status ?? 0;
    t.expectThat(status >= 200 && status < 300, "upload with PUT", "a 2xx status", String(status));
    uploaded = true;
    const response = await t.call("updateSession.file.get", {
      params: { update_session_id: id, file_name: fileName },
    });
    t.expectSuccess(response, "file get after the upload");
    const info = asRecord(t, response.value, "the file");
    t.expectEqual(info.status, "READY", "status after every byte arrived");
    t.expectEqual(info.bytes_transferred, new TextEncoder().encode(content).byteLength, "bytes_transferred");
  });

  check("lifecycle.file.list-and-get", async (t) => {
    const id = t.needs(sessionId, "a session from create");
    const list = await t.call("updateSession.file.list", sessionParams(id));
    t.expectSuccess(list, "file list");
    const names = Array.isArray(list.value) ? list.value.map((f) => (f as { name?: unknown }).name) : [];
    t.expectThat(names.includes(fileName), "file list", `a list naming ${fileName}`, JSON.stringify(names));
    const one = await t.call("updateSession.file.get", {
      params: { update_session_id: id, file_name: fileName },
    });
    t.expectSuccess(one, "file get");
    t.expectEqual(asRecord(t, one.value, "the file").name, fileName, "file get's name");
  });

  check("lifecycle.validate.clean", async (t) => {
    const id = t.needs(sessionId, "a session from create");
    const response = await t.call("updateSession.file.validate", sessionParams(id));
    t.expectSuccess(response, "validate");
    const result = asRecord(t, response.value, "the validation result");
    t.expectEqual(result.has_errors, false, "has_errors");
    t.expectEqual(result.missing_files, [], "missing_files");
    t.expectEqual(result.invalid_files, [], "invalid_files");
  });

  check("lifecycle.invisible-before-complete", async (t) => {
    const item = t.needs(itemId, "the item");
    t.needs(uploaded, "the file uploaded by lifecycle.upload.ready");
    const names = await itemFileNames(t, item);
    t.expectThat(
      !names.includes(fileName),
      "the item's files before complete",
      `no ${fileName} yet`,
      JSON.stringify(names),
    );
    t.expectEqual(
      String((await readItem(t, item)).content_version),
      t.needs(versionBefore, "the item's version"),
      "content_version before complete",
    );
  });

  check("lifecycle.complete.done", async (t) => {
    const id = t.needs(sessionId, "a session from create");
    t.needs(uploaded, "the file uploaded by lifecycle.upload.ready");
    t.expectSuccess(await t.call("updateSession.complete", sessionParams(id)), "complete");
    completed = true;
    t.expectEqual((await readSession(t, id)).state, "DONE", "state after complete");
  });

  check("lifecycle.visible-after-complete", async (t) => {
    const item = t.needs(itemId, "the item");
    t.needs(completed, "the session completed by lifecycle.complete.done");
    const names = await itemFileNames(t, item);
    t.expectThat(
      names.includes(fileName),
      "the item's files after complete",
      `a list naming ${fileName}`,
      JSON.stringify(names),
    );
    const before = t.needs(versionBefore, "the item's version");
    const after = String((await readItem(t, item)).content_version);
    // Versions are opaque strings; the official sample compares them, numerically where they are numbers.
    const increased =
      /^\d+$/.test(before) && /^\d+$/.test(after)
        ? BigInt(after) > BigInt(before)
        : after !== before && after > before;
    t.expectThat(increased, "content_version after complete", `greater than ${before}`, after);
  });

  check("lifecycle.delete.after-done", async (t) => {
    const id = t.needs(sessionId, "a session from create");
    t.needs(completed, "the session completed by lifecycle.complete.done");
    t.expectSuccess(await t.call("updateSession.delete", sessionParams(id)), "delete of a DONE session");
    env.recordRemoved("update-session", id);
    deleted = true;
  });

  check("lifecycle.get.after-delete", async (t) => {
    const id = t.needs(sessionId, "a session from create");
    t.needs(deleted, "the session deleted by lifecycle.delete.after-done");
    t.expectError(await t.call("updateSession.get", sessionParams(id)), "not_found", "get after delete");
  });
});
