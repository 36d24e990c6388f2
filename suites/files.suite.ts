import type { CheckContext } from "../src/checks/check-context.ts";
import { defineSuite } from "../src/checks/suite.ts";
import type { ApiResponse } from "../src/client/api-client.ts";
import { filesCatalogue } from "../src/catalogue/files.checks.ts";
import { endSession, sessionFiles } from "./support/sessions.ts";
import {
  addAndUpload,
  addPushFile,
  addPushFileForUpload,
  asRecord,
  createSession,
  itemFileNames,
  produced,
  readItem,
  readSessionInAnyState,
  sessionParams,
  step,
} from "./support/steps.ts";
import { declared, payload } from "../fixtures/payloads.ts";
import { newOvfItem, ovfDescriptor } from "../fixtures/ovf.ts";
import { judgeEach } from "./support/variants.ts";
import { pushFileSpec } from "../fixtures/create-specs.ts";

/** The names a validation result reports, in missing_files and in invalid_files. */
function reportedNames(result: Record<string, unknown>): { missing: string[]; invalid: string[] } {
  const missing = Array.isArray(result.missing_files) ? result.missing_files.map(String) : [];
  const invalid = Array.isArray(result.invalid_files)
    ? result.invalid_files.map((entry) => String((entry as { name?: unknown } | null)?.name))
    : [];
  return { missing, invalid };
}

/**
 * A validate answer that must report the file: has_errors true with the file in missing_files or
 * invalid_files, or (E24: validate "throws NotAllowedInCurrentState ... if some of the files that will be
 * uploaded by the client aren't received correctly") that error.
 */
function expectReported(t: CheckContext, response: ApiResponse, name: string, what: string): void {
  if (!response.success && response.errorType === "not_allowed_in_current_state") {
    t.expectError(response, "not_allowed_in_current_state", what);
    return;
  }
  t.expectSuccess(response, what);
  const result = asRecord(t, produced(response), "the validation result");
  const { missing, invalid } = reportedNames(result);
  t.expectThat(
    missing.includes(name) || invalid.includes(name),
    `${what}: the file in missing_files or invalid_files`,
    `${name} reported`,
    JSON.stringify({ missing_files: result.missing_files, invalid_files: result.invalid_files }),
  );
  t.expectEqual(result.has_errors, true, `${what}: has_errors`);
}

/**
 * A validate answer for a file that arrived but not as declared (size, checksum): erratum E44 puts it in
 * invalid_files with an error_message (an "other type of error", not a missing file), has_errors true; or
 * the not_allowed_in_current_state validate documents for files not received correctly (E24).
 */
function expectInvalid(t: CheckContext, response: ApiResponse, name: string, what: string): void {
  if (!response.success && response.errorType === "not_allowed_in_current_state") {
    t.expectError(response, "not_allowed_in_current_state", what);
    return;
  }
  t.expectSuccess(response, what);
  const result = asRecord(t, produced(response), "the validation result");
  const entries = Array.isArray(result.invalid_files) ? (result.invalid_files as unknown[]) : [];
  const entry = entries.find((e) => (e as { name?: unknown } | null)?.name === name) as
    { error_message?: unknown } | undefined;
  const shown = JSON.stringify({ missing_files: result.missing_files, invalid_files: result.invalid_files });
  t.expectThat(entry !== undefined, `${what}: the file in invalid_files`, `an entry named ${name}`, shown);
  const message = entry?.error_message as { id?: unknown; default_message?: unknown } | undefined;
  t.expectThat(
    typeof message === "object" &&
      message !== null &&
      typeof message.id === "string" &&
      typeof message.default_message === "string",
    `${what}: the invalid_files entry's error_message`,
    "a LocalizableMessage (id, default_message) saying what is wrong with the file",
    JSON.stringify(entry),
  );
  t.expectEqual(result.has_errors, true, `${what}: has_errors`);
}

/** What an item shows: its files with their sizes, and its content_version. */
async function itemSnapshot(t: CheckContext, itemId: string): Promise<unknown> {
  const listed = produced(
    step(
      t,
      await t.call("library.item.file.list", { params: { library_item_id: itemId } }),
      "listing the item's files",
    ),
  );
  const files = (Array.isArray(listed) ? (listed as unknown[]) : [])
    .map((file) => {
      const { name, size } = (file ?? {}) as { name?: unknown; size?: unknown };
      return `${String(name)}:${String(size)}`;
    })
    .sort();
  return { files, content_version: (await readItem(t, itemId)).content_version };
}

export const filesSuite = defineSuite(filesCatalogue, ({ check, env }) => {
  check("files.add.same-name-replaces", async (t: CheckContext) => {
    const name = "replaced.txt";
    const replacement = payload(
      "update session conformance: the replacement content, longer than the first\n",
    );
    const id = await createSession(t, env, await env.newItem(t, "replace"));
    await addAndUpload(t, id, name, "first content\n");
    const again = await t.call("updateSession.file.add", {
      params: { update_session_id: id },
      body: pushFileSpec(name, declared(replacement)),
    });
    t.expectSuccess(again, "file add with the name of a file already in the session");
    const uri = (
      asRecord(t, produced(again), "the re-added file").upload_endpoint as { uri?: unknown } | undefined
    )?.uri;
    if (typeof uri !== "string") t.block("the second file add returned no upload_endpoint.uri");
    const upload = await t.upload(uri, replacement.bytes);
    const status = upload.response?.status ?? 0;
    if (status < 200 || status >= 300)
      t.block(`uploading the replacement was answered with status ${status}`);
    const entries = (await sessionFiles(t, id)).filter((file) => file.name === name);
    t.expectEqual(entries.length, 1, `file list entries named ${name}`);
    t.expectEqual(entries[0]?.size, replacement.size, `size of ${name} in file list (the replacement's)`);
    const one = await t.call("updateSession.file.get", {
      params: { update_session_id: id, file_name: name },
    });
    t.expectSuccess(one, "file get of the replaced file");
    t.expectEqual(
      asRecord(t, produced(one), "the file").size,
      replacement.size,
      `size of ${name} in file get`,
    );
  });

  /** A new item holding the files (name -> text), put there by a first session that completed. */
  async function itemWithFiles(
    t: CheckContext,
    purpose: string,
    files: Record<string, string>,
  ): Promise<string> {
    const itemId = await env.newItem(t, purpose);
    const first = await createSession(t, env, itemId);
    for (const [name, text] of Object.entries(files)) await addAndUpload(t, first, name, text);
    await endSession(t, first, "DONE");
    const onItem = await itemFileNames(t, itemId);
    const absent = Object.keys(files).filter((name) => !onItem.includes(name));
    if (absent.length > 0)
      t.block(`completing the first session did not put ${absent.join(", ")} on the item`);
    return itemId;
  }

  check("files.remove.effective-at-completion", async (t) => {
    const removed = "removed.txt";
    const itemId = await itemWithFiles(t, "remove", {
      "kept.txt": "this file stays on the item\n",
      [removed]: "this file is removed by the second session\n",
    });
    const second = await createSession(t, env, itemId);
    t.expectSuccess(
      await t.call("updateSession.file.remove", {
        params: { update_session_id: second, file_name: removed },
      }),
      "file remove of a file the item has",
    );
    const during = await itemFileNames(t, itemId);
    t.expectThat(
      during.includes(removed),
      "the item's files while the removing session is ACTIVE",
      `a list still naming ${removed}`,
      JSON.stringify(during),
    );
    await endSession(t, second, "DONE");
    const after = await itemFileNames(t, itemId);
    t.expectThat(
      !after.includes(removed),
      "the item's files after the removing session completed",
      `no ${removed}`,
      JSON.stringify(after),
    );
  });

  check("files.remove.all-files-empty-item", async (t) => {
    const name = "only.txt";
    const itemId = await itemWithFiles(t, "remove-all", { [name]: "the item's only file\n" });
    const second = await createSession(t, env, itemId);
    t.expectSuccess(
      await t.call("updateSession.file.remove", { params: { update_session_id: second, file_name: name } }),
      "file remove of the item's only file",
    );
    const list = t.expectSuccess(
      await t.call("updateSession.file.list", sessionParams(second)),
      "file list after every file was removed",
    );
    t.expectEqual(list.value, [], "the session's files after every file was removed");
    t.expectSuccess(
      await t.call("updateSession.complete", sessionParams(second)),
      "complete of the session that removed every file",
    );
    t.expectEqual(await itemFileNames(t, itemId), [], "the item's files after that session completed");
  });

  check("files.validate.size-mismatch", async (t) => {
    const name = "size-mismatch.txt";
    const announced = payload("twelve bytes");
    const sent = payload("twelve bytes + 3");
    const id = await createSession(t, env, await env.newItem(t, "size-mismatch"));
    const uri = await addPushFileForUpload(t, id, name, { size: announced.size });
    // The target may refuse the surplus during the upload or accept it and judge later; either way the file
    // was not received as declared, which is what validate and complete are asked about.
    await t.upload(uri, sent.bytes);
    expectInvalid(
      t,
      await t.call("updateSession.file.validate", sessionParams(id)),
      name,
      "validate after a size mismatch",
    );
    t.expectError(
      await t.call("updateSession.complete", sessionParams(id)),
      "not_allowed_in_current_state",
      "complete with a file whose size does not match",
    );
  });

  check("files.validate.checksum-mismatch", async (t) => {
    const name = "checksum-mismatch.txt";
    const sent = payload("the content that is sent\n");
    const announced = payload("the content whose checksum is declared\n");
    const id = await createSession(t, env, await env.newItem(t, "checksum-mismatch"));
    const uri = await addPushFileForUpload(t, id, name, {
      size: sent.size,
      checksum_info: { algorithm: "SHA256", checksum: announced.sha256 },
    });
    await t.upload(uri, sent.bytes);
    const file = await t.call("updateSession.file.get", {
      params: { update_session_id: id, file_name: name },
    });
    t.expectSuccess(file, "file get after the mismatching upload");
    t.expectEqual(
      asRecord(t, produced(file), "the file").status,
      "ERROR",
      "status of a file whose checksum does not match",
    );
    expectInvalid(
      t,
      await t.call("updateSession.file.validate", sessionParams(id)),
      name,
      "validate after a checksum mismatch",
    );
    t.expectError(
      await t.call("updateSession.complete", sessionParams(id)),
      "not_allowed_in_current_state",
      "complete with a file whose checksum does not match",
    );
  });

  check("files.validate.unreceived-file", async (t) => {
    const name = "never-uploaded.txt";
    const id = await createSession(t, env, await env.newItem(t, "unreceived-validate"));
    await addPushFile(t, id, name, { size: 16 });
    expectReported(
      t,
      await t.call("updateSession.file.validate", sessionParams(id)),
      name,
      "validate with a file never uploaded",
    );
  });

  check("files.complete.unreceived-file", async (t) => {
    const id = await createSession(t, env, await env.newItem(t, "unreceived-complete"));
    await addPushFile(t, id, "never-uploaded.txt", { size: 16 });
    t.expectError(
      await t.call("updateSession.complete", sessionParams(id)),
      "not_allowed_in_current_state",
      "complete with a file never uploaded",
    );
  });

  check("files.cancel.discards-content", async (t) => {
    const itemId = await env.newItem(t, "cancel");
    const versionBefore = String((await readItem(t, itemId)).content_version);
    const filesBefore = await itemFileNames(t, itemId);
    const id = await createSession(t, env, itemId);
    await addAndUpload(t, id, "discarded.txt", "content that cancel discards\n");
    t.expectSuccess(await t.call("updateSession.cancel", sessionParams(id)), "cancel of an ACTIVE session");
    const model = await readSessionInAnyState(t, id, "get of the canceled session");
    t.expectEqual(model.state, "CANCELED", "state after cancel");
    t.expectEqual(await itemFileNames(t, itemId), filesBefore, "the item's files after cancel");
    t.expectEqual(
      String((await readItem(t, itemId)).content_version),
      versionBefore,
      "content_version after cancel",
    );
  });
  check("files.list.item-files-in-session", async (t) => {
    const files = { "first.txt": "the item's first file\n", "second.txt": "the item's second file\n" };
    const itemId = await itemWithFiles(t, "item-files", files);
    const id = await createSession(t, env, itemId);
    // file list "Lists all files in the library item associated with the update session", not only new ones.
    const list = t.expectSuccess(
      await t.call("updateSession.file.list", sessionParams(id)),
      "file list of a new session on an item with files",
    );
    const value = produced(list);
    const names = Array.isArray(value)
      ? value.map((file) => String((file as { name?: unknown } | null)?.name)).sort()
      : [];
    t.expectEqual(names, Object.keys(files).sort(), "the files a new session on the item lists");
    const one = await t.call("updateSession.file.get", {
      params: { update_session_id: id, file_name: "first.txt" },
    });
    t.expectSuccess(one, "file get of a file the item already has");
    t.expectEqual(asRecord(t, produced(one), "the file").name, "first.txt", "file get's name");
  });

  check("files.validate.keeps-active", async (t) => {
    const name = "validated.txt";
    const id = await createSession(t, env, await env.newItem(t, "validate-active"));
    await addAndUpload(t, id, name, "validated, then completed\n");
    const response = t.expectSuccess(
      await t.call("updateSession.file.validate", sessionParams(id)),
      "validate of a session whose file was received",
    );
    t.expectEqual(
      asRecord(t, produced(response), "the validation result").has_errors,
      false,
      "has_errors of a clean session",
    );
    const model = await readSessionInAnyState(t, id, "get of the session after validate");
    t.expectEqual(model.state, "ACTIVE", "state after validate");
    t.expectEqual(
      (await sessionFiles(t, id)).map((file) => file.name),
      [name],
      "the session's files after validate",
    );
    t.expectSuccess(
      await t.call("updateSession.complete", sessionParams(id)),
      "complete after a clean validate",
    );
  });

  check("files.validate.missing-referenced-file", async (t) => {
    const disk = "disk-1.vmdk";
    const descriptorName = "referencing.ovf";
    const id = await createSession(t, env, await newOvfItem(t, env, "missing-referenced"));
    await addAndUpload(t, id, descriptorName, ovfDescriptor("usc-files-missing-referenced", [disk]));
    const before = t.expectSuccess(
      await t.call("updateSession.file.validate", sessionParams(id)),
      "validate of a session whose OVF descriptor references a file never added",
    );
    const result = asRecord(t, produced(before), "the validation result");
    const { missing } = reportedNames(result);
    t.expectThat(
      missing.includes(disk),
      "missing_files of a session lacking a file its descriptor references",
      `a list naming ${disk}`,
      JSON.stringify(result.missing_files),
    );
    t.expectEqual(result.has_errors, true, "has_errors with a referenced file missing");
    // The same session once the file is there: what made validate report it was the missing file.
    await addAndUpload(t, id, disk, "the referenced disk's bytes\n");
    const after = t.expectSuccess(
      await t.call("updateSession.file.validate", sessionParams(id)),
      "validate after the referenced file was added and uploaded",
    );
    const clean = asRecord(t, produced(after), "the validation result");
    t.expectEqual(reportedNames(clean).missing, [], "missing_files once the referenced file arrived");
    t.expectEqual(clean.has_errors, false, "has_errors once the referenced file arrived");
  });

  check("files.upload.after-end", async (t) => {
    await judgeEach(
      t,
      "an upload after the session ended",
      (["DONE", "CANCELED", "ERROR"] as const).map((state) => ({
        label: `after ${state}`,
        judge: async () => {
          const name = "late.txt";
          const late = payload(`bytes sent after the session ended ${state}, longer than before\n`);
          const itemId = await env.newItem(t, `upload-after-${state.toLowerCase()}`);
          const id = await createSession(t, env, itemId);
          let uri: string;
          if (state === "DONE") {
            // The file reaches the item first; the late bytes must not replace it.
            const first = payload("the content the session completed with\n");
            uri = await addPushFileForUpload(t, id, name, declared(first));
            const upload = await t.upload(uri, first.bytes);
            const status = upload.response?.status ?? 0;
            if (status < 200 || status >= 300)
              t.block(`uploading ${name} was answered with status ${status}`);
          } else {
            uri = await addPushFileForUpload(t, id, name, { size: late.size });
          }
          await endSession(t, id, state);
          const before = await itemSnapshot(t, itemId);
          // E47: the answer to the late upload is recorded (it is in the transcript), never asserted.
          await t.upload(uri, late.bytes);
          t.expectEqual(
            await itemSnapshot(t, itemId),
            before,
            `the item's files, sizes and content_version after bytes were sent to the ${state} session's upload endpoint`,
          );
        },
      })),
    );
  });
});
