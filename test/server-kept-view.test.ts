import { beforeAll, describe, expect, it } from "vitest";
import { selfSignedCertificateAsync, type SigningCertificate } from "../fixtures/signing-certificate.ts";
import { signedOvf } from "../fixtures/ovf.ts";
import { jsonPayload, valueWrapping } from "../server/json-text.ts";
import { noOverrides, type Overrides } from "../server/operations/overridable.ts";
import { addFile, removeFile } from "../server/operations/session-files.ts";
import { TransferSink } from "../server/operations/transfers.ts";
import {
  cancelUpdateSession,
  completeUpdateSession,
  createUpdateSession,
  failUpdateSession,
  getUpdateSession,
  keepAliveUpdateSession,
  updateUpdateSession,
} from "../server/operations/update-sessions.ts";
import { updateSessionView } from "../server/operations/views.ts";
import { SessionFile, UpdateSession } from "../server/state/session-records.ts";
import { operationContext } from "./support/operation-context.ts";

// The faithful server answers a get of an unchanged update session with the view it answered last
// (server/operations/views.ts). These tests hold every kind of change to show in the next get, and the
// kept view to be the one a fresh build gives.

const start = Date.parse("2025-01-01T00:00:00.000Z");

function setup(overrides: Overrides = noOverrides) {
  let now = start;
  const { store, context } = operationContext({
    clock: { now: () => now },
    overrides,
    itemFiles: [{ name: "disk.vmdk", size: 3, sha1: "a".repeat(40), version: 1 }],
  });
  const id = createUpdateSession(context, { library_item_id: "item-1" }, undefined);
  const session = () => store.updateSession(id) as UpdateSession;
  /** The get as the server answers it, checked against a view built afresh from the records. */
  const get = () => {
    const answered = getUpdateSession(context, id) as Record<string, unknown>;
    expect(answered).toEqual(updateSessionView(context, session()));
    return answered;
  };
  const upload = (name: string, text: string) => {
    addFile(context, id, { name, source_type: "PUSH" });
    const sink = new TransferSink(context, session(), session().files.get(name) as SessionFile);
    sink.write(Buffer.from(text, "utf8"));
    sink.finish();
  };
  return { store, context, id, session, get, upload, advance: (ms: number) => (now += ms) };
}

describe("the kept view of an update session", () => {
  it("answers the same frozen view, with its JSON text kept, while nothing changes", () => {
    const { get } = setup();
    const first = get();
    expect(get()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.warning_behavior)).toBe(true);
    expect(() => {
      (first as { state: string }).state = "DONE";
    }).toThrow(TypeError);
    expect(jsonPayload(first).toString()).toBe(JSON.stringify(first));
    // The rest dialect's wrapping of a kept view is kept with it; of anything else, made afresh.
    expect(valueWrapping(first)).toBe(valueWrapping(first));
    expect(jsonPayload(valueWrapping(first)).toString()).toBe(JSON.stringify({ value: first }));
    const fresh = { state: "ACTIVE" };
    expect(valueWrapping(fresh)).not.toBe(valueWrapping(fresh));
    expect(Object.isFrozen(valueWrapping(fresh))).toBe(false);
  });

  it("shows a keep-alive's client_progress and expiration_time", () => {
    const { context, id, get, advance } = setup();
    const before = get();
    advance(1000);
    keepAliveUpdateSession(context, id, 40);
    const after = get();
    expect(after).not.toBe(before);
    expect(after.client_progress).toBe(40);
    expect(after.expiration_time).toBe("2025-01-01T00:05:01.000Z");
  });

  it("shows an update's warning_behavior", () => {
    const { context, id, get } = setup();
    get();
    updateUpdateSession(context, id, {
      warning_behavior: [{ type: "SELF_SIGNED_CERTIFICATE", ignored: true }],
    });
    expect(get().warning_behavior).toEqual([{ type: "SELF_SIGNED_CERTIFICATE", ignored: true }]);
  });

  it("shows files added, received and removed in preview_info", () => {
    const { context, id, get, session } = setup();
    expect(get().preview_info).toEqual({ state: "UNAVAILABLE" });
    addFile(context, id, { name: "a.ovf", source_type: "PUSH" });
    expect(get().preview_info).toEqual({ state: "PREPARING" });
    const sink = new TransferSink(context, session(), session().files.get("a.ovf") as SessionFile);
    sink.write(Buffer.from("<Envelope/>"));
    expect(get().preview_info).toEqual({ state: "PREPARING" });
    sink.finish();
    expect(get().preview_info).toEqual({ state: "AVAILABLE", warnings: [] });
    removeFile(context, id, "a.ovf");
    expect(get().preview_info).toEqual({ state: "UNAVAILABLE" });
  });

  it("shows complete, cancel and fail in state, error_message and preview_info", () => {
    const completed = setup();
    completed.get();
    completeUpdateSession(completed.context, completed.id);
    expect(completed.get()).toMatchObject({ state: "DONE" });
    expect(completed.get().preview_info).toBeUndefined();

    const canceled = setup();
    canceled.get();
    cancelUpdateSession(canceled.context, canceled.id);
    expect(canceled.get().state).toBe("CANCELED");

    const failed = setup();
    failed.get();
    failUpdateSession(failed.context, failed.id, "disk full");
    expect(failed.get()).toMatchObject({ state: "ERROR", error_message: { default_message: "disk full" } });
  });

  it("shows idle expiry, which only time brings about", () => {
    const { get, advance } = setup();
    expect(get().state).toBe("ACTIVE");
    advance(300_001);
    expect(get()).toMatchObject({
      state: "ERROR",
      error_message: { id: "usc.reference.update_session.expired" },
    });
  });

  it("is not kept by a server with overrides, whose points must run on every get", () => {
    const watched: Overrides = { around: () => [], none: false };
    const { get } = setup(watched);
    const first = get();
    expect(get()).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(false);
  });
});

describe("a view that read the clock", () => {
  let certificate: SigningCertificate;
  beforeAll(async () => {
    certificate = await selfSignedCertificateAsync({
      notBefore: new Date(start - 86_400_000),
      notAfter: new Date(start + 60_000),
    });
  });

  it("is made afresh on every get: a certificate expires with time alone", () => {
    const { get, upload, advance } = setup();
    for (const { name, text } of signedOvf("pkg", certificate).files) upload(name, text);
    const types = () =>
      ((get().preview_info as { warnings: Array<{ type: string }> }).warnings ?? []).map((w) => w.type);
    expect(types()).toEqual(["SELF_SIGNED_CERTIFICATE"]);
    advance(61_000);
    expect(types()).toEqual(["SELF_SIGNED_CERTIFICATE", "EXPIRED_CERTIFICATE"]);
  });
});

describe("the records behind the kept view", () => {
  const sessionValues: Record<string, unknown> = {
    itemId: "item-2",
    state: "DONE",
    clientProgress: 7,
    lastActivityAt: 1,
    endedAt: 2,
    errorMessage: { id: "x", default_message: "x", args: [] },
    warningBehavior: [],
    completionRequested: true,
  };
  const fileValues: Record<string, unknown> = {
    sourceType: "PULL",
    status: "ERROR",
    bytesTransferred: 9,
    size: 9,
    declaredSize: 9,
    declaredChecksum: { algorithm: "SHA1", checksum: "b".repeat(40) },
    sourceEndpoint: { uri: "http://x/", sslCertificateThumbprint: undefined },
    uploadUri: "http://y/",
    errorMessage: { id: "y", default_message: "y", args: [] },
    sha1: "c".repeat(40),
    references: ["z"],
    text: "t",
    generation: 5,
  };
  const settable = (prototype: object) =>
    Object.entries(Object.getOwnPropertyDescriptors(prototype))
      .filter(([, descriptor]) => descriptor.set !== undefined)
      .map(([name]) => name)
      .sort();

  it("count a change of every member that can change, the session's and each of its files'", () => {
    expect(settable(UpdateSession.prototype)).toEqual(Object.keys(sessionValues).sort());
    expect(settable(SessionFile.prototype)).toEqual(Object.keys(fileValues).sort());
    // Held, not looked up again: the changes below would let the store purge it.
    const held = setup().session();
    const record = held as unknown as Record<string, unknown>;
    for (const [member, value] of Object.entries(sessionValues)) {
      const before = held.revision;
      record[member] = value;
      expect(held.revision, member).toBe(before + 1);
    }
    const file = held.files.get("disk.vmdk") as unknown as Record<string, unknown>;
    for (const [member, value] of Object.entries(fileValues)) {
      const before = held.revision;
      file[member] = value;
      expect(held.revision, member).toBe(before + 1);
    }
    const before = held.revision;
    held.files.delete("disk.vmdk");
    expect(held.revision).toBe(before + 1);
  });

  it("refuse a member without a counting setter, and edits of the values they hold", () => {
    const { session } = setup();
    const record = session() as unknown as Record<string, unknown>;
    expect(() => (record.id = "other")).toThrow(TypeError);
    expect(() => (record.notAMember = 1)).toThrow(TypeError);
    const file = session().files.get("disk.vmdk") as unknown as Record<string, unknown>;
    expect(() => (file.name = "other")).toThrow(TypeError);
    session().warningBehavior = [{ type: "SELF_SIGNED_CERTIFICATE", ignored: false }];
    const [behavior] = session().warningBehavior as unknown as Array<{ ignored: boolean }>;
    expect(() => ((behavior as { ignored: boolean }).ignored = true)).toThrow(TypeError);
  });
});
