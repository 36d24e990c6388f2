/**
 * Opening a given target for the vitest integration: dialect probe, login, scratch resources, and the close
 * that removes them. The one place this integration depends on how a run is set up, so that it can move to
 * the shared target opener (the one `usc run` uses) without touching the rest of src/vitest/.
 */
import { dialects as allDialects, loadRequirements, type Dialect } from "../../spec/index.ts";
import { ApiClient } from "../client/api-client.ts";
import { FindingsLog } from "../client/findings-log.ts";
import { nameFinder } from "../checks/find-by-name.ts";
import { removeResource } from "../checks/remove-resource.ts";
import type { RunContext } from "../checks/run-context.ts";
import { proxyFromEnv } from "../config/index.ts";
import { createTransport } from "../http/transport.ts";
import { newRunId, ResourceLedger, teardown, teardownProblems } from "../ledger/index.ts";
import { probeDialects } from "../target/probe.ts";
import { provision } from "../target/provision.ts";

export interface OpenRequest {
  target: string;
  username: string;
  password: string;
  /** The dialects asked for; undefined takes whichever the target serves. */
  dialects: readonly Dialect[] | undefined;
  otherUser: { username: string; password: string } | undefined;
  limitedUser: { username: string; password: string } | undefined;
  idleTimeoutSeconds: number | undefined;
  insecure: boolean;
  caFile: string | undefined;
  timeoutMs: number;
  stateDir: string;
  datastore: string | undefined;
  subscribedItem: string | undefined;
}

export interface OpenedTarget {
  /** What every suite instance needs; `dialects` are those that will run. */
  context: RunContext;
  /** Removes the scratch resources and logs out; returns what could not be removed, in words. */
  close(): Promise<string[]>;
}

/** Why the target could not be opened; the message names the target and never a secret. */
export class OpenTargetError extends Error {}

export async function openTarget(request: OpenRequest): Promise<OpenedTarget> {
  // The first check result reads the requirements catalogue for its quote: parsing the YAML takes over a
  // second on a loaded machine, inside the first check, long enough for a short-lived test server to
  // expire the session that check just created. Read it now, before any session exists.
  loadRequirements();
  const baseUrl = request.target.replace(/\/+$/, "");
  const runId = newRunId();
  const proxy = proxyFromEnv(process.env);
  const transport = createTransport({
    insecure: request.insecure,
    caFile: request.caFile,
    timeoutMs: request.timeoutMs,
    proxy,
    secrets: () => [request.password, ...(client?.secrets() ?? [])],
  });
  const ledger = new ResourceLedger(request.stateDir, runId);
  let client: ApiClient | undefined;
  const close = async (): Promise<string[]> => {
    const problems: string[] = [];
    if (client?.loggedIn === true) {
      const main = client;
      const report = await teardown(ledger, (entry) => removeResource(main, entry), {
        deadlineMs: request.timeoutMs * 10,
        find: nameFinder(main),
      });
      problems.push(...teardownProblems(report, runId));
      await main.logout().catch(() => undefined);
    }
    await transport.close();
    return problems;
  };
  try {
    const probe = await probeDialects(transport, baseUrl);
    if (!probe.ok) throw new OpenTargetError(probe.reason);
    const wanted = request.dialects ?? allDialects.filter((d) => probe.dialects.includes(d));
    const missing = wanted.filter((d) => !probe.dialects.includes(d));
    if (missing.length > 0)
      throw new OpenTargetError(`${baseUrl} does not serve the ${missing.join(" and ")} dialect`);
    client = new ApiClient({
      dialect: wanted[0] ?? "api",
      baseUrl,
      username: request.username,
      password: request.password,
      transport,
      findings: new FindingsLog(),
    });
    const login = await client.login();
    if (!login.success)
      throw new OpenTargetError(
        `login to ${baseUrl} as ${request.username} failed: status ${login.status ?? "none"} ${login.errorType ?? ""}`.trim(),
      );
    const scratch = await provision(client, ledger, {
      runId,
      datastore: request.datastore,
      purpose: "library",
      subscribedItem: request.subscribedItem,
    });
    return {
      context: {
        runId,
        baseUrl,
        dialects: [...wanted],
        username: request.username,
        password: request.password,
        otherUser: request.otherUser,
        limitedUser: request.limitedUser,
        insecure: request.insecure,
        caFile: request.caFile,
        proxy,
        timeoutMs: request.timeoutMs,
        stateDir: request.stateDir,
        libraryId: scratch.libraryId,
        subscribedItemId: scratch.subscribedItemId,
        subscribedItemMissing: scratch.subscribedItemMissing,
        idleTimeoutSeconds: request.idleTimeoutSeconds,
      },
      close,
    };
  } catch (error) {
    const left = await close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new OpenTargetError([reason, ...left].join("; "));
  }
}
