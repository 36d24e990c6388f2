import { declared, payload } from "../../fixtures/payloads.ts";
import type { CheckContext } from "../../src/checks/check-context.ts";
import type { SuiteEnvironment } from "../../src/checks/suite-environment.ts";
import type { ApiResponse } from "../../src/client/api-client.ts";
import { createSpec, pushFileSpec } from "../../fixtures/create-specs.ts";

/**
 * What the target produced in a 2xx answer, read leniently: the documented value, else the body as it
 * came, unwrapped when it is `{"value": x}`. Checks record this before they assert on the answer, so a
 * deviation in the answer's status or wrapping (judged by the check that owns the operation and by the
 * schema check) does not hide a value that later steps can use.
 */
export function produced(response: ApiResponse): unknown {
  const status = response.status ?? 0;
  const value = response.value ?? (status >= 200 && status < 300 ? response.json : undefined);
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const members = Object.keys(value);
    if (members.length === 1 && members[0] === "value") return (value as { value: unknown }).value;
  }
  return value;
}

/** An identifier the target produced (create's result), or undefined when it produced none. */
export function producedId(response: ApiResponse): string | undefined {
  const value = produced(response);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The upload_endpoint.uri of a file add's answer, when the target gave one. */
export function producedUploadUri(response: ApiResponse): string | undefined {
  const info = produced(response);
  const endpoint =
    typeof info === "object" && info !== null
      ? (info as { upload_endpoint?: unknown }).upload_endpoint
      : undefined;
  const uri =
    typeof endpoint === "object" && endpoint !== null ? (endpoint as { uri?: unknown }).uri : undefined;
  return typeof uri === "string" && uri !== "" ? uri : undefined;
}

/**
 * A set-up call that must have been carried out for the check to mean anything: any 2xx answer will do
 * (a documented status is asserted by the checks that own the operation), anything else blocks.
 */
export function step(t: CheckContext, response: ApiResponse, what: string): ApiResponse {
  const status = response.status ?? 0;
  if (status >= 200 && status < 300) return response;
  return t.prerequisite(response, what);
}

/** A JSON object from a response value; anything else blocks the check (the schema check reports the shape). */
export function asRecord(t: CheckContext, value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    t.block(`${what} is not a JSON object, so its members cannot be checked`);
  }
  return value as Record<string, unknown>;
}

/** Creates an update session on an item as a set-up step (failure blocks) and records it for teardown. */
export async function createSession(t: CheckContext, env: SuiteEnvironment, itemId: string): Promise<string> {
  const response = step(
    t,
    await t.call("updateSession.create", {
      body: createSpec(itemId),
      params: { client_token: crypto.randomUUID() },
    }),
    "creating an update session",
  );
  const id = producedId(response);
  if (id === undefined)
    t.block(`create on ${itemId} answered ${response.status} without a session identifier`);
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
  // Recorded before the verdict: a create answered with an undocumented status still made a session.
  const id = producedId(created);
  if (id !== undefined) env.recordSession(id, spec.library_item_id);
  t.expectSuccess(created, what);
  if (id === undefined) t.block(`${what} answered ${created.status} without a session identifier`);
  return id;
}

/** Reads a session as a set-up step: its model, without the dialect's wrapping. */
export async function readSession(t: CheckContext, sessionId: string): Promise<Record<string, unknown>> {
  const response = step(
    t,
    await t.call("updateSession.get", { params: { update_session_id: sessionId } }),
    "reading the update session",
  );
  return asRecord(t, produced(response), "the session");
}

/**
 * Reads a session where the reading is itself documented behaviour: get answers for a session in any state
 * until it is deleted (`get.any-state`). Any 2xx answer is read leniently (its documented status is the
 * get checks' verdict); a refusal fails the check instead of blocking it, so a check using this must name
 * `get.any-state`: a target that will not show an ended session fails there, not in a blocked check.
 */
export async function readSessionInAnyState(
  t: CheckContext,
  sessionId: string,
  what: string,
): Promise<Record<string, unknown>> {
  const response = await t.call("updateSession.get", sessionParams(sessionId));
  const status = response.status ?? 0;
  if (status < 200 || status >= 300)
    t.expectSuccess(response, `${what} (get answers in every state until the session is deleted)`);
  return asRecord(t, produced(response), "the session");
}

/** Reads a library item as a set-up step. */
export async function readItem(t: CheckContext, itemId: string): Promise<Record<string, unknown>> {
  const response = step(
    t,
    await t.call("library.item.get", { params: { library_item_id: itemId } }),
    "reading the library item",
  );
  return asRecord(t, produced(response), "the library item");
}

/** Names of the files the library item shows (its committed content). */
export async function itemFileNames(t: CheckContext, itemId: string): Promise<string[]> {
  const response = step(
    t,
    await t.call("library.item.file.list", { params: { library_item_id: itemId } }),
    "listing the item's files",
  );
  const value = produced(response);
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  return list.map((f) => (typeof f === "object" && f !== null ? String((f as { name?: unknown }).name) : ""));
}

type PushSpec = { size?: number; checksum_info?: { algorithm: string; checksum: string } };

/** Adds a PUSH file without uploading it, as a set-up step; returns its upload URI when one came back. */
export async function addPushFile(
  t: CheckContext,
  sessionId: string,
  name: string,
  spec: PushSpec = {},
): Promise<string | undefined> {
  const added = step(
    t,
    await t.call("updateSession.file.add", {
      params: { update_session_id: sessionId },
      body: pushFileSpec(name, spec),
    }),
    `adding file ${name}`,
  );
  return producedUploadUri(added);
}

/** Adds a PUSH file whose bytes the check will upload: without an upload_endpoint.uri the check is blocked. */
export async function addPushFileForUpload(
  t: CheckContext,
  sessionId: string,
  name: string,
  spec: PushSpec = {},
): Promise<string> {
  const uri = await addPushFile(t, sessionId, name, spec);
  if (uri === undefined)
    t.block(`file add of ${name} answered without upload_endpoint.uri, so it cannot be uploaded`);
  return uri;
}

/** Adds a PUSH file to a session and uploads its bytes, as set-up steps. */
export async function addAndUpload(
  t: CheckContext,
  sessionId: string,
  name: string,
  content: string,
): Promise<void> {
  const data = payload(content);
  const uri = await addPushFileForUpload(t, sessionId, name, declared(data));
  const upload = await t.upload(uri, data.bytes);
  const status = upload.response?.status ?? 0;
  if (status < 200 || status >= 300) t.block(`uploading ${name} was answered with status ${status}`);
}

export function sessionParams(sessionId: string) {
  return { params: { update_session_id: sessionId } };
}
