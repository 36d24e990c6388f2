import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggedInClient } from "./support/logged-in-client.ts";
import { startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import type { ApiClient } from "../src/client/api-client.ts";
import type { Transport } from "../src/http/index.ts";
import { ResourceLedger } from "../src/ledger/index.ts";
import type { RunningServer } from "./support/http-servers.ts";
import { startHoldingProxy } from "./support/holding-proxy.ts";
import { uscInProcess } from "./support/usc-in-process.ts";

const binary = fileURLToPath(new URL("../bin/usc.js", import.meta.url));
/** Someone else's library, named like a scratch library of another run: cleanup must leave it alone. */
const decoy = "usc-20200101-000000-zzzzzz-library-aaaaaa";
const credentials = { username: "killed@vsphere.local", password: "Killed-Run-Secret" };

/**
 * `usc run` is killed (SIGKILL) while its first create is in flight: the target made the library, the run
 * never saw the answer, so no created record names it. The intent the run wrote before sending lets
 * `usc cleanup --run-id` find it by its name and remove it, and nothing without the run's prefix is touched.
 */
describe("usc cleanup after kill -9 during a create", () => {
  let server: ReferenceServerHandle;
  let proxy: RunningServer;
  let transport: Transport;
  let client: ApiClient;
  /** The proxy forwards the first create matching this to the server and never answers it. */
  let hold: RegExp | undefined;
  let createForwarded: () => void = () => undefined;
  const env = { USC_USERNAME: credentials.username, USC_PASSWORD: credentials.password };

  async function libraryNames(): Promise<string[]> {
    const names: string[] = [];
    const listed = await client.call("library.local.list");
    for (const id of listed.value as string[]) {
      const library = await client.call("library.local.get", { params: { library_id: id } });
      names.push((library.value as { name: string }).name);
    }
    return names;
  }

  beforeAll(async () => {
    server = await startReferenceServer(credentials);
    proxy = await startHoldingProxy(
      server.url,
      (incoming) => {
        const held = incoming.method === "POST" && hold?.test(incoming.url ?? "") === true;
        if (held) hold = undefined;
        return held;
      },
      () => createForwarded(),
    );
    ({ client, transport } = await loggedInClient(server.url, credentials));
    const datastores = await client.call("datastore.list");
    const datastore = (datastores.value as Array<{ datastore: string }>)[0]?.datastore ?? "";
    await client.call("library.local.create", {
      params: { client_token: crypto.randomUUID() },
      body: {
        name: decoy,
        type: "LOCAL",
        storage_backings: [{ type: "DATASTORE", datastore_id: datastore }],
      },
    });
  });

  afterAll(async () => {
    await client.logout();
    await transport.close();
    await proxy.close();
    await server.close();
  });

  /** Starts `usc run` through the proxy, kills it once the held create reached the server; the run's ledger. */
  async function killDuringCreate(pattern: RegExp, cwd: string): Promise<ResourceLedger> {
    hold = pattern;
    const forwarded = new Promise<void>((resolve) => (createForwarded = resolve));
    const child = spawn(
      process.execPath,
      [binary, "run", "--target", proxy.url, "--dialect", "rest", "--report-dir", "reports"],
      { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("close", (_code, signal) => resolve(signal)),
    );
    const bound = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await forwarded;
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    clearTimeout(bound);
    const [runId = ""] = readdirSync(join(cwd, ".usc", "runs"));
    return new ResourceLedger(join(cwd, ".usc"), runId);
  }

  it("finds a library by the run's name, removes it, touches no other, and exits 0", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "usc-killed-"));
    const ledger = await killDuringCreate(/content\/local-library$/, cwd);
    const runId = ledger.runId;
    expect(ledger.snapshot().outstanding).toEqual([]);
    expect(ledger.snapshot().pendingIntents.map((intent) => intent.kind)).toEqual(["library"]);
    expect((await libraryNames()).filter((name) => name.startsWith(`${runId}-`))).toHaveLength(1);

    const result = await uscInProcess(["cleanup", "--run-id", runId], { cwd, env, timeoutMs: 30_000 });
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.stdout).toContain("cleanup: 1 removed, 0 already gone, 0 left");
    expect(result.stdout).toContain("1 found by name");
    expect(result.code).toBe(0);
    expect(await libraryNames()).toEqual([decoy]);
    expect(ledger.snapshot()).toMatchObject({ outstanding: [], pendingIntents: [] });

    const again = await uscInProcess(["cleanup", "--run-id", runId], { cwd, env, timeoutMs: 30_000 });
    expect(again.stdout).toMatch(/nothing left/);
    expect(again.code).toBe(0);
  }, 90_000);

  it("finds an item in the library it was created in, and removes it before its library", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "usc-killed-"));
    const ledger = await killDuringCreate(/content\/library\/item$/, cwd);
    expect(ledger.snapshot().outstanding.map((entry) => entry.kind)).toEqual(["library", "library"]);
    const [pending] = ledger.snapshot().pendingIntents;
    expect(pending).toMatchObject({ kind: "item", parentId: ledger.snapshot().outstanding[0]?.id });

    const result = await uscInProcess(["cleanup", "--run-id", ledger.runId], { cwd, env, timeoutMs: 30_000 });
    expect(result.stdout).toContain("cleanup: 3 removed, 0 already gone, 0 left");
    expect(result.stdout).toContain("1 found by name");
    expect(result.code).toBe(0);
    expect(await libraryNames()).toEqual([decoy]);
    expect(ledger.snapshot()).toMatchObject({ outstanding: [], pendingIntents: [] });
  }, 90_000);
});
