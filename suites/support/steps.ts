import { createHash } from "node:crypto";
import type { CheckContext } from "../../src/checks/check-context.ts";
import type { SuiteEnvironment } from "../../src/checks/suite-environment.ts";

/** A JSON object from a response value; anything else blocks the check (the schema check reports the shape). */
export function asRecord(t: CheckContext, value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    t.block(`${what} is not a JSON object, so its members cannot be checked`);
  }
  return value as Record<string, unknown>;
}

/** Creates an update session on an item as a set-up step (failure blocks) and records it for teardown. */
export async function createSession(t: CheckContext, env: SuiteEnvironment, itemId: string): Promise<string> {
  const response = t.prerequisite(
    await t.call("updateSession.create", {
      body: { library_item_id: itemId },
      params: { client_token: crypto.randomUUID() },
    }),
    "creating an update session",
  );
  const id = t.needs(typeof response.value === "string" ? response.value : undefined, "the new session's id");
  env.recordSession(id, itemId);
  return id;
}

/**
 * Creates a session with a spec the check itself is about (extra members, a warning_behavior): unlike
 * createSession, a refusal fails the check (`what` names the call) instead of blocking it.
 */
export async function createWithSpec(
  t: CheckContext,
  env: SuiteEnvironment,
  spec: { library_item_id: string } & Record<string, unknown>,
  what: string,
): Promise<string> {
  const created = await t.call("updateSession.create", {
    body: spec,
    params: { client_token: crypto.randomUUID() },
  });
  t.expectSuccess(created, what);
  const id = t.needs(typeof created.value === "string" ? created.value : undefined, "the new session's id");
  env.recordSession(id, spec.library_item_id);
  return id;
}

/** Reads a session as a set-up step: its model, without the dialect's wrapping. */
export async function readSession(t: CheckContext, sessionId: string): Promise<Record<string, unknown>> {
  const response = t.prerequisite(
    await t.call("updateSession.get", { params: { update_session_id: sessionId } }),
    "reading the update session",
  );
  return asRecord(t, response.value, "the session");
}

/** Reads a library item as a set-up step. */
export async function readItem(t: CheckContext, itemId: string): Promise<Record<string, unknown>> {
  const response = t.prerequisite(
    await t.call("library.item.get", { params: { library_item_id: itemId } }),
    "reading the library item",
  );
  return asRecord(t, response.value, "the library item");
}

/** Names of the files the library item shows (its committed content). */
export async function itemFileNames(t: CheckContext, itemId: string): Promise<string[]> {
  const response = t.prerequisite(
    await t.call("library.item.file.list", { params: { library_item_id: itemId } }),
    "listing the item's files",
  );
  const list = Array.isArray(response.value) ? (response.value as unknown[]) : [];
  return list.map((f) => (typeof f === "object" && f !== null ? String((f as { name?: unknown }).name) : ""));
}

/** Some bytes to upload and their SHA-256, so size and checksum can be declared. */
export function payload(text: string): { bytes: Uint8Array; size: number; sha256: string } {
  const bytes = new TextEncoder().encode(text);
  return { bytes, size: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** The size and SHA256 checksum a file add declares for `data`. */
export function declared(data: { size: number; sha256: string }) {
  return { size: data.size, checksum_info: { algorithm: "SHA256", checksum: data.sha256 } };
}

/** Adds a PUSH file without uploading it, as a set-up step; returns its upload URI when one came back. */
export async function addPushFile(
  t: CheckContext,
  sessionId: string,
  name: string,
  spec: { size?: number; checksum_info?: { algorithm: string; checksum: string } } = {},
): Promise<string | undefined> {
  const added = t.prerequisite(
    await t.call("updateSession.file.add", {
      params: { update_session_id: sessionId },
      body: { name, source_type: "PUSH", ...spec },
    }),
    `adding file ${name}`,
  );
  const uri = (asRecord(t, added.value, "the added file").upload_endpoint as { uri?: unknown } | undefined)
    ?.uri;
  return typeof uri === "string" ? uri : undefined;
}

/** Adds a PUSH file to a session and uploads its bytes, as set-up steps. */
export async function addAndUpload(
  t: CheckContext,
  sessionId: string,
  name: string,
  content: string,
): Promise<void> {
  const data = payload(content);
  const uri = await addPushFile(t, sessionId, name, declared(data));
  if (uri === undefined) t.block(`file add of ${name} returned no upload_endpoint.uri`);
  const upload = await t.upload(uri, data.bytes);
  const status = upload.response?.status ?? 0;
  if (status < 200 || status >= 300) t.block(`uploading ${name} was answered with status ${status}`);
}

export function sessionParams(sessionId: string) {
  return { params: { update_session_id: sessionId } };
}
