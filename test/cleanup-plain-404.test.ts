import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggedInClient } from "./support/logged-in-client.ts";
import { startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import { removeResource } from "../src/checks/remove-resource.ts";
import { ApiClient } from "../src/client/api-client.ts";
import { FindingsLog } from "../src/client/findings-log.ts";
import { createTransport, type Transport } from "../src/http/index.ts";
import { newRunId, ResourceLedger, scratchName, teardown } from "../src/ledger/index.ts";
import { writeRunRecord } from "../src/ledger/run-record.ts";
import { startHttpServer, type RunningServer } from "./support/http-servers.ts";
import type { OperationId } from "../spec/index.ts";
import { uscInProcess } from "./support/usc-in-process.ts";

const credentials = { username: "plain404@vsphere.local", password: "Plain-404-Secret" };

/**
 * A target that answers a plain-text 404 for an unknown update session (the not-found-plain-text fault):
 * sessions a check already deleted are gone, and cleanup must say so rather than report them left behind.
 */
describe("cleanup against a target whose 404s are plain text", () => {
  let server: ReferenceServerHandle;
  let transport: Transport;
  let client: ApiClient;
  const cwd = mkdtempSync(join(tmpdir(), "usc-plain-404-"));
  const stateDir = join(cwd, ".usc");

  async function id(operationId: OperationId, body: unknown): Promise<string> {
    const response = await client.call(operationId, { body, params: { client_token: crypto.randomUUID() } });
    if (typeof response.value !== "string") throw new Error(`${operationId} failed: ${response.status}`);
    return response.value;
  }

  /** A run's ledger: a library, an item, one ACTIVE session and two sessions deleted behind its back. */
  async function crashedRun(runId: string): Promise<ResourceLedger> {
    const ledger = new ResourceLedger(stateDir, runId);
    writeRunRecord(stateDir, {
      runId,
      target: server.url,
      embedded: false,
      startedAt: new Date().toISOString(),
    });
    const datastores = await client.call("datastore.list");
    const datastore = (datastores.value as Array<{ datastore: string }>)[0]?.datastore ?? "";
    const library = await id("library.local.create", {
      name: scratchName(runId, "library"),
      type: "LOCAL",
      storage_backings: [{ type: "DATASTORE", datastore_id: datastore }],
    });
    ledger.recordCreated({ kind: "library", id: library, dialect: "api" });
    const item = await id("library.item.create", { library_id: library, name: scratchName(runId, "item") });
    ledger.recordCreated({ kind: "item", id: item, dialect: "api", parentId: library });
    for (const dialect of ["api", "rest"] as const) {
      const gone = await id("updateSession.create", { library_item_id: item });
      ledger.recordCreated({ kind: "update-session", id: gone, dialect, parentId: item });
      await client.call("updateSession.cancel", { params: { update_session_id: gone } });
      const deleted = await client.call("updateSession.delete", { params: { update_session_id: gone } });
      expect(deleted.success).toBe(true);
    }
    const active = await id("updateSession.create", { library_item_id: item });
    ledger.recordCreated({ kind: "update-session", id: active, dialect: "api", parentId: item });
    return ledger;
  }

  beforeAll(async () => {
    server = await startReferenceServer({ ...credentials, faults: ["not-found-plain-text"] });
    ({ client, transport } = await loggedInClient(server.url, credentials));
  });

  afterAll(async () => {
    await client.logout();
    await transport.close();
    await server.close();
  });

  it("the run's teardown counts a 404 to delete confirmed by a 404 to get as gone", async () => {
    const ledger = await crashedRun(newRunId());
    const report = await teardown(ledger, (entry) => removeResource(client, entry), { deadlineMs: 20_000 });
    expect(report.left).toEqual([]);
    expect(report.alreadyGone.map((entry) => entry.kind)).toEqual(["update-session", "update-session"]);
    expect(report.removed.map((entry) => entry.kind)).toEqual(["update-session", "item", "library"]);
    expect(ledger.outstanding()).toEqual([]);
  }, 30_000);

  it("usc cleanup --run-id reports 0 left and exits 0", async () => {
    const runId = newRunId();
    await crashedRun(runId);
    const env = { USC_USERNAME: credentials.username, USC_PASSWORD: credentials.password };
    const result = await uscInProcess(["cleanup", "--run-id", runId], { cwd, env, timeoutMs: 30_000 });
    expect(result.stdout).toContain("cleanup: 3 removed, 2 already gone, 0 left");
    expect(result.code).toBe(0);
    expect(new ResourceLedger(stateDir, runId).outstanding()).toEqual([]);
  }, 60_000);
});

/**
 * A target whose get reports a session DONE while it is still ACTIVE, and whose delete refuses an ACTIVE
 * session: teardown must not trust the reported state, and cancels before deleting again.
 */
describe("teardown of a session whose reported state is wrong", () => {
  let target: RunningServer;
  let transport: Transport;
  const sessions = new Map<string, "ACTIVE" | "CANCELED" | "deleted">([["s-1", "ACTIVE"]]);
  const requests: string[] = [];

  beforeAll(async () => {
    target = await startHttpServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://localhost");
      requests.push(`${request.method} ${url.pathname}${url.search}`);
      const json = (status: number, body?: unknown) => {
        const text = body === undefined ? "" : JSON.stringify(body);
        response.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
        response.end(text);
      };
      if (url.pathname === "/api/session") return json(request.method === "POST" ? 201 : 204, "token-1");
      const id = /update-session\/([^/?]+)$/.exec(url.pathname)?.[1] ?? "";
      const state = sessions.get(id);
      if (state === undefined || state === "deleted")
        return json(404, { error_type: "NOT_FOUND", messages: [] });
      if (request.method === "GET") return json(200, { id, state: "DONE" });
      if (request.method === "POST" && url.searchParams.get("action") === "cancel") {
        sessions.set(id, "CANCELED");
        return json(204);
      }
      if (request.method === "DELETE") {
        if (state === "ACTIVE")
          return json(400, { error_type: "NOT_ALLOWED_IN_CURRENT_STATE", messages: [] });
        sessions.set(id, "deleted");
        return json(204);
      }
      return json(404, { error_type: "NOT_FOUND", messages: [] });
    });
    transport = createTransport({ insecure: false, timeoutMs: 5000 });
  });

  afterAll(async () => {
    await transport.close();
    await target.close();
  });

  it("cancels and deletes again when the delete refuses, and the session ends up removed", async () => {
    const client = new ApiClient({
      dialect: "api",
      baseUrl: target.url,
      username: "u",
      password: "p",
      transport,
      findings: new FindingsLog(),
    });
    await client.login();
    const outcome = await removeResource(client, { kind: "update-session", id: "s-1" });
    expect(outcome).toBe("removed");
    expect(sessions.get("s-1")).toBe("deleted");
    expect(requests.filter((line) => line.includes("s-1"))).toEqual([
      "GET /api/content/library/item/update-session/s-1",
      "DELETE /api/content/library/item/update-session/s-1",
      "POST /api/content/library/item/update-session/s-1?action=cancel",
      "DELETE /api/content/library/item/update-session/s-1",
    ]);
  }, 30_000);
});
