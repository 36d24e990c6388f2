import type { Dialect } from "../../spec/index.ts";
import { ApiClient } from "../client/api-client.ts";
import { FindingsLog } from "../client/findings-log.ts";
import { directConnection, type RunConfig } from "../config/index.ts";
import { createTransport } from "../http/transport.ts";
import { newRunId, ResourceLedger, teardown, teardownProblems } from "../ledger/index.ts";
import type { CheckResult, RunResult } from "../results/model.ts";
import { packageVersion } from "../config/version.ts";
import { nameFinder } from "../checks/find-by-name.ts";
import { removeResource } from "../checks/remove-resource.ts";
import { defaultCredentials, startReferenceServer } from "../../server/index.ts";
import { probeDialects } from "./probe.ts";
import { interruptible } from "./interruptible.ts";
import { provision, ProvisioningError } from "./provision.ts";
import type { RunContext } from "../checks/run-context.ts";
import type { ConformanceSuite } from "../checks/suite.ts";
import { checkSelection } from "./selection.ts";
import { writeRunRecord } from "./run-record.ts";
import { runSelection } from "./selection.ts";
import { runSuites } from "./run-suites.ts";
import { specHash } from "./spec-hash.ts";

/** Credentials of the embedded server's second user: list isolation needs someone else's sessions. */
const embeddedOtherUser = { username: "other@vsphere.local", password: "other-conformance" };
/** The embedded server's read-only user: it may log in and read, but lacks ContentLibrary.UpdateSession. */
const embeddedLimitedUser = {
  username: "limited@vsphere.local",
  password: "limited-conformance",
  privileges: ["System.Anonymous", "System.View", "System.Read"],
};
/**
 * The embedded server expires the expiry suite's sessions quickly, so it can watch expiry happen in about
 * two seconds (its margins scale with this). Only those: every other session keeps the documented five
 * minutes, so no slow moment on a loaded machine can expire a session under another suite's check.
 */
const embeddedIdleTimeoutSeconds = 1.5;
/** What the expiry suite's scratch item names contain (`<run id>-expiry-<purpose>-<random>`). */
const expiryItemsMarker = "-expiry-";

export interface RunHooks {
  /** The suite values to run: the caller chooses them (the CLI passes suites/index.ts), so the runner never imports suites. */
  suites: readonly ConformanceSuite[];
  /** Called as each suite finishes in one dialect. */
  onSuiteDone: (suite: string, dialect: Dialect, checks: CheckResult[]) => void;
  /** Progress notes for the terminal (target started, provisioning, teardown). */
  note: (line: string) => void;
  signal: AbortSignal;
}

export interface RunOutcome {
  run: RunResult;
  /** Set when the run could not produce a verdict at all (unreachable target, failed login, no scratch library). */
  fatal: string | undefined;
  /** Every secret of the run, for the reporters' last line of defence. */
  secrets: string[];
}

/**
 * One `usc run`: target (given or embedded), dialects, login, scratch resources, the suites, teardown.
 * Always returns a RunResult, even when the target is unreachable, so reports are always written.
 */
export async function executeRun(config: RunConfig, stateDir: string, hooks: RunHooks): Promise<RunOutcome> {
  const runId = newRunId();
  const startedAt = new Date().toISOString();
  const runErrors: string[] = [];
  let checks: CheckResult[] = [];
  let dialects: Dialect[] =
    config.dialect === "rest" || config.dialect === "api" ? [config.dialect] : ["rest", "api"];
  let fatal: string | undefined;
  const secrets = [
    config.password,
    config.otherPassword,
    config.limitedPassword,
    embeddedOtherUser.password,
    embeddedLimitedUser.password,
  ].filter((s): s is string => s !== undefined);

  const embedded =
    config.target === undefined
      ? await startReferenceServer({
          host: "127.0.0.1",
          port: 0,
          ...(config.username === undefined ? {} : { username: config.username }),
          ...(config.password === undefined ? {} : { password: config.password }),
          users: [embeddedOtherUser, embeddedLimitedUser],
          shortIdleItems: { nameIncludes: expiryItemsMarker, idleTimeoutSeconds: embeddedIdleTimeoutSeconds },
        })
      : undefined;
  const baseUrl = (config.target ?? embedded?.url ?? "").replace(/\/+$/, "");
  const fallback = embedded === undefined ? { username: "", password: "" } : defaultCredentials;
  const username = config.username ?? fallback.username;
  const password = config.password ?? fallback.password;
  secrets.push(password);
  if (embedded !== undefined) hooks.note(`embedded reference server listening on ${baseUrl}`);
  writeRunRecord(stateDir, { runId, target: baseUrl, embedded: embedded !== undefined, startedAt });

  // The embedded server is on loopback: a user's HTTPS_PROXY must not carry that traffic away.
  const proxy = embedded === undefined ? config.proxy : directConnection;
  const transport = createTransport({
    insecure: config.insecure,
    caFile: config.caFile,
    timeoutMs: config.timeoutMs,
    proxy,
    secrets: () => [...secrets, ...(main?.secrets() ?? [])],
  });
  const ledger = new ResourceLedger(stateDir, runId);
  // Until the suites start, an interrupt cuts every request at once; teardown then has the transport back.
  const setup = interruptible(transport, hooks.signal);
  let phase = "start-up";
  let main: ApiClient | undefined;
  try {
    const probe = await probeDialects(setup, baseUrl);
    if (!probe.ok) throw new ProvisioningError(probe.reason);
    if (config.dialect === "auto") dialects = probe.dialects;
    const missing = dialects.filter((d) => !probe.dialects.includes(d));
    if (missing.length > 0)
      throw new ProvisioningError(
        `${baseUrl} does not serve the ${missing.join(" and ")} dialect (try --dialect auto)`,
      );
    const first = dialects[0] ?? "rest";
    main = new ApiClient({
      dialect: first,
      baseUrl,
      username,
      password,
      transport: setup,
      findings: new FindingsLog(),
    });
    phase = "login";
    const login = await main.login();
    if (!login.success)
      throw new ProvisioningError(
        `login to ${baseUrl} ${username === "" ? "failed: the user name is missing (set USC_USERNAME and USC_PASSWORD, or --username and --password);" : `as ${username} failed:`} status ${login.status} ${login.errorType ?? ""}`.trim(),
      );
    secrets.push(...main.secrets());
    hooks.note(`run ${runId}: provisioning scratch resources`);
    phase = "provisioning";
    const scratch = await provision(main, ledger, {
      runId,
      datastore: config.datastore,
      subscribedItem: config.subscribedItem,
    });
    if (hooks.signal.aborted) throw new ProvisioningError("interrupted");
    const context: RunContext = {
      runId,
      baseUrl,
      dialects,
      username,
      password,
      otherUser:
        embedded !== undefined
          ? embeddedOtherUser
          : config.otherUsername !== undefined && config.otherPassword !== undefined
            ? { username: config.otherUsername, password: config.otherPassword }
            : undefined,
      limitedUser:
        embedded !== undefined
          ? { username: embeddedLimitedUser.username, password: embeddedLimitedUser.password }
          : config.limitedUsername !== undefined && config.limitedPassword !== undefined
            ? { username: config.limitedUsername, password: config.limitedPassword }
            : undefined,
      insecure: config.insecure,
      caFile: config.caFile,
      proxy,
      timeoutMs: config.timeoutMs,
      stateDir: stateDir,
      libraryId: scratch.libraryId,
      subscribedItemId: scratch.subscribedItemId,
      subscribedItemMissing: scratch.subscribedItemMissing,
      idleTimeoutSeconds: embedded !== undefined ? embeddedIdleTimeoutSeconds : config.idleTimeoutSeconds,
    };
    phase = "suites";
    const suites = await runSuites({
      context,
      suites: hooks.suites,
      selection: checkSelection(config),
      concurrency: config.concurrency,
      checkTimeoutMs: config.timeoutMs * 6,
      onSuiteDone: hooks.onSuiteDone,
      signal: hooks.signal,
    });
    checks = suites.checks;
    runErrors.push(...suites.runErrors);
    if (hooks.signal.aborted)
      runErrors.push("the run was interrupted; the results cover the checks that finished");
  } catch (error) {
    // Whatever an interrupt broke (a cut request, a failed step) is the interrupt's doing, not the target's.
    fatal =
      hooks.signal.aborted && phase !== "suites"
        ? `the run was interrupted during ${phase}, before any check ran`
        : error instanceof Error
          ? error.message
          : String(error);
    runErrors.push(fatal);
  } finally {
    setup.release();
    if (main !== undefined && main.loggedIn) {
      hooks.note(`run ${runId}: removing scratch resources`);
      const client = main;
      const report = await teardown(ledger, (entry) => removeResource(client, entry), {
        deadlineMs: config.timeoutMs * 10,
        find: nameFinder(client),
      });
      runErrors.push(...teardownProblems(report, runId));
      await main.logout().catch(() => undefined);
    }
    await transport.close();
    await embedded?.close();
  }
  return {
    run: {
      runId,
      target: baseUrl,
      embeddedTarget: embedded !== undefined,
      dialects,
      suiteVersion: packageVersion(),
      specHash: specHash(),
      failOn: config.failOn,
      startedAt,
      finishedAt: new Date().toISOString(),
      checks,
      runErrors,
      startFailure: fatal,
      interrupted: hooks.signal.aborted,
      selection: runSelection(config, embedded !== undefined),
    },
    fatal,
    secrets,
  };
}
