import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggedInClient } from "./support/logged-in-client.ts";
import { startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import type { ApiClient } from "../src/client/api-client.ts";
import type { Transport } from "../src/http/index.ts";
import { newRunId, ResourceLedger, scratchName } from "../src/ledger/index.ts";
import { writeRunRecord } from "../src/ledger/run-record.ts";
import type { OperationId } from "../spec/index.ts";
import { uscInProcess } from "./support/usc-in-process.ts";

const credentials = { username: "cleanup@vsphere.local", password: "Cleanup-Secret-7" };

describe("usc cleanup finishes what a crashed run left behind", () => {
  let server: ReferenceServerHandle;
  let transport: Transport;
  let client: ApiClient;
  const cwd = mkdtempSync(join(tmpdir(), "usc-cleanup-"));
  const stateDir = join(cwd, ".usc");
  const runId = newRunId();
  const created: Record<string, string> = {};

  async function id(operationId: OperationId, body: unknown): Promise<string> {
    const response = await client.call(operationId, { body, params: { client_token: crypto.randomUUID() } });
    if (typeof response.value !== "string") throw new Error(`${operationId} failed: ${response.status}`);
    return response.value;
  }

  beforeAll(async () => {
    server = await startReferenceServer(credentials);
    ({ client, transport } = await loggedInClient(server.url, credentials));
    // What a run records as it goes, then dies before teardown: a library, an item, an ACTIVE session.
    const ledger = new ResourceLedger(stateDir, runId);
    writeRunRecord(stateDir, {
      runId,
      target: server.url,
      embedded: false,
      startedAt: new Date().toISOString(),
    });
    const datastores = await client.call("datastore.list");
    const datastore = (datastores.value as Array<{ datastore: string }>)[0]?.datastore ?? "";
    created["library"] = await id("library.local.create", {
      name: scratchName(runId, "library"),
      type: "LOCAL",
      storage_backings: [{ type: "DATASTORE", datastore_id: datastore }],
    });
    ledger.recordCreated({ kind: "library", id: created["library"], dialect: "api" });
    created["item"] = await id("library.item.create", {
      library_id: created["library"],
      name: scratchName(runId, "item"),
    });
    ledger.recordCreated({ kind: "item", id: created["item"], dialect: "rest" });
    created["session"] = await id("updateSession.create", { library_item_id: created["item"] });
    ledger.recordCreated({ kind: "update-session", id: created["session"], dialect: "api" });
  });

  afterAll(async () => {
    await client.logout();
    await transport.close();
    await server.close();
  });

  it("removes the session (cancelled first), the item and the library, newest first, and exits 0", async () => {
    const env = { USC_USERNAME: credentials.username, USC_PASSWORD: credentials.password };
    const result = await uscInProcess(["cleanup", "--run-id", runId], { cwd, env });
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(credentials.password);
    const session = await client.call("updateSession.get", {
      params: { update_session_id: created["session"] },
    });
    expect(session.errorType).toBe("not_found");
    const library = await client.call("library.local.get", { params: { library_id: created["library"] } });
    expect(library.errorType).toBe("not_found");
    expect(new ResourceLedger(stateDir, runId).outstanding()).toEqual([]);
  });

  it("a second cleanup of the same run has nothing left to do", async () => {
    const result = await uscInProcess(["cleanup", "--run-id", runId], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/nothing left/);
  });

  it("an unknown run is a usage error with a clear message", async () => {
    const result = await uscInProcess(["cleanup", "--run-id", "usc-20200101-000000-abcdef"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no ledger/);
    const bad = await uscInProcess(["cleanup", "--run-id", "../../etc"], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a run id/);
  });
});
