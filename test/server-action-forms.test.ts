import { describe, expect, it } from "vitest";
import { operationsOf } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";
import type { Reply } from "./support/reference-client.ts";
import type { SessionModel, Wire } from "./support/update-session-wire.ts";

// The 2014 action forms of rest (`POST .../id:{id}?~action=op`, `POST <collection>?~action=op` with every
// parameter in the body or the query) answer exactly what the canonical form answers.
const server = useReferenceServer();

const sessions = "/rest/com/vmware/content/library/item/update-session";
const files = "/rest/com/vmware/content/library/item/updatesession/file";
const exercised = new Set<string>();

function post(wire: Wire, operationId: string, path: string, body?: unknown): Promise<Reply> {
  exercised.add(operationId);
  return wire.client.request("POST", path, body === undefined ? {} : { body });
}

const idPath = (id: string) => `${sessions}/id:${encodeURIComponent(id)}`;
const fileIdPath = (id: string) => `${files}/id:${encodeURIComponent(id)}`;

describe("rest: 2014 action forms", () => {
  it("get, list and file list answer like their canonical GET", async () => {
    const wire = await server.wire("rest");
    const itemId = await wire.provisionItem();
    const id = await wire.createId(itemId);
    await wire.addPushFile(id, { name: "a.txt" });

    const model = await wire.session(id);
    for (const reply of [
      await post(wire, "updateSession.get.idAction", `${idPath(id)}?~action=get`),
      await post(wire, "updateSession.get.bodyAction", `${sessions}?~action=get`, { update_session_id: id }),
      await post(
        wire,
        "updateSession.get.bodyAction",
        `${sessions}?~action=get&update_session_id=${encodeURIComponent(id)}`,
      ),
    ]) {
      expect(wire.value<SessionModel>(wire.must(reply, 200, "get form"))).toEqual(model);
    }

    const ids = wire.value(await wire.list(itemId));
    expect(ids).toEqual([id]);
    for (const reply of [
      await post(wire, "updateSession.list.idAction", `${sessions}/id:${itemId}?~action=list`),
      await post(wire, "updateSession.list.bodyAction", `${sessions}?~action=list`, {
        library_item_id: itemId,
      }),
    ]) {
      expect(wire.value(wire.must(reply, 200, "list form"))).toEqual(ids);
    }

    const listed = wire.value(await wire.listFiles(id));
    for (const reply of [
      await post(wire, "updateSession.file.list.idAction", `${fileIdPath(id)}?~action=list`),
      await post(wire, "updateSession.file.list.bodyAction", `${files}?~action=list`, {
        update_session_id: id,
      }),
    ]) {
      expect(wire.value(wire.must(reply, 200, "file list form"))).toEqual(listed);
    }
    const file = wire.value(await wire.getFile(id, "a.txt"));
    const got = await post(wire, "updateSession.file.get.bodyAction", `${files}?~action=get`, {
      update_session_id: id,
      file_name: "a.txt",
    });
    expect(wire.value(wire.must(got, 200, "file get form"))).toEqual(file);
  });

  it("create, update, keep-alive, file add, remove and validate work with every parameter in the body", async () => {
    const wire = await server.wire("rest");
    const itemId = await wire.provisionItem();
    const created = await post(wire, "updateSession.create.bodyAction", `${sessions}?~action=create`, {
      create_spec: { library_item_id: itemId },
    });
    const id = wire.value<string>(wire.must(created, 200, "create form"));

    const behavior = [{ type: "UNTRUSTED_CERTIFICATE", ignored: true }];
    wire.must(
      await post(wire, "updateSession.update.idAction", `${idPath(id)}?~action=update`, {
        update_spec: { warning_behavior: [] },
      }),
      200,
      "update id form",
    );
    wire.must(
      await post(wire, "updateSession.update.bodyAction", `${sessions}?~action=update`, {
        update_session_id: id,
        update_spec: { warning_behavior: behavior },
      }),
      200,
      "update body form",
    );
    wire.must(
      await post(wire, "updateSession.keepAlive.bodyAction", `${sessions}?~action=keep-alive`, {
        update_session_id: id,
        client_progress: 30,
      }),
      200,
      "keep-alive form",
    );
    expect(await wire.session(id)).toMatchObject({ warning_behavior: behavior, client_progress: 30 });

    const added = await post(wire, "updateSession.file.add.bodyAction", `${files}?~action=add`, {
      update_session_id: id,
      file_spec: { name: "b.txt", source_type: "PUSH" },
    });
    expect(wire.value(wire.must(added, 200, "file add form"))).toMatchObject({
      name: "b.txt",
      status: "WAITING_FOR_TRANSFER",
    });
    const validation = await post(
      wire,
      "updateSession.file.validate.bodyAction",
      `${files}?~action=validate`,
      { update_session_id: id },
    );
    expect(wire.value(wire.must(validation, 200, "validate form"))).toMatchObject({
      has_errors: true,
      missing_files: ["b.txt"],
    });
    wire.must(
      await post(wire, "updateSession.file.remove.bodyAction", `${files}?~action=remove`, {
        update_session_id: id,
        file_name: "b.txt",
      }),
      200,
      "remove form",
    );
    expect(wire.value(await wire.listFiles(id))).toEqual([]);
  });

  it("complete, cancel, fail and delete work in their action forms", async () => {
    const wire = await server.wire("rest");
    const itemId = await wire.provisionItem();
    const terminal: Array<[string, string, Record<string, unknown>, string]> = [
      ["updateSession.complete.bodyAction", "complete", {}, "DONE"],
      ["updateSession.cancel.bodyAction", "cancel", {}, "CANCELED"],
      ["updateSession.fail.bodyAction", "fail", { client_error_message: "stop" }, "ERROR"],
    ];
    const ended: string[] = [];
    for (const [operationId, action, extra, state] of terminal) {
      const id = await wire.createId(itemId);
      wire.must(
        await post(wire, operationId, `${sessions}?~action=${action}`, { update_session_id: id, ...extra }),
        200,
        action,
      );
      expect((await wire.session(id)).state).toBe(state);
      ended.push(id);
    }
    const [first = "", second = ""] = ended;
    wire.must(
      await post(wire, "updateSession.delete.idAction", `${idPath(first)}?~action=delete`),
      200,
      "delete id form",
    );
    wire.must(
      await post(wire, "updateSession.delete.bodyAction", `${sessions}?~action=delete`, {
        update_session_id: second,
      }),
      200,
      "delete body form",
    );
    expect((await wire.get(first)).status).toBe(404);
    expect((await wire.get(second)).status).toBe(404);
  });

  it("exercised every alternative form the rest document lists", () => {
    const documented = [...operationsOf("rest").values()].filter(
      (operation) => operation.formOf !== undefined,
    );
    expect([...exercised].sort()).toEqual(documented.map((operation) => operation.operationId).sort());
  });
});
