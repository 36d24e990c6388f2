/**
 * Opening a target, once for every runner (`usc run`, `usc pact verify`, a user's vitest): the embedded
 * reference server or a given URL, the dialects it serves, a login per dialect, the run's ledger and its
 * scratch resources; `close()` removes them again within the teardown deadline and stops the embedded
 * server. No process-global side effects: no signal handlers, no exit, no environment writes.
 */
import { loadRequirements, type Dialect } from "../../spec/index.ts";
import type { CheckResult } from "../results/model.ts";
import type { RunContext } from "../checks/run-context.ts";
import { AdvancingClock, systemRunClock, type RunClock } from "../checks/run-clock.ts";
import { NoResponseError } from "../client/api-client.ts";
import { directConnection, type ProxySettings, type RunDialect } from "../config/index.ts";
import { createTransport } from "../http/transport.ts";
import { newRunId, ResourceLedger, teardownProblems } from "../ledger/index.ts";
import { writeRunRecord } from "../ledger/run-record.ts";
import type { ReferenceServerHandle } from "../../server/index.ts";
import { TargetConnection } from "./connection.ts";
import {
  embeddedIdleTimeoutSeconds,
  embeddedLimitedUser,
  embeddedOtherUser,
  startEmbeddedServer,
} from "./embedded.ts";
import { interruptible } from "./interruptible.ts";
import type { LoginOutcome } from "./login.ts";
import { probeDialects } from "./probe.ts";
import { provision, type Provisioned } from "../../fixtures/provision.ts";
import { loginCheck, setupSchemaChecks } from "./setup-checks.ts";

export interface Credentials {
  username: string;
  password: string;
}

export interface OpenTargetOptions {
  /** Base URL of the target; undefined starts the embedded reference server on a loopback port. */
  target?: string | undefined;
  /** Needed for a given target; the embedded server takes these (or its defaults) as its user. */
  username?: string | undefined;
  password?: string | undefined;
  /** rest, api, both, or auto (each dialect the target serves); default auto. */
  dialect?: RunDialect | undefined;
  /** A second user of the target, for list isolation (the embedded server brings its own). */
  otherUser?: Credentials | undefined;
  /** A user without ContentLibrary.UpdateSession, for the privilege checks (the embedded server has one). */
  limitedUser?: Credentials | undefined;
  /** The target's idle expiry of update sessions in seconds, when known (the embedded server's is set). */
  idleTimeoutSeconds?: number | undefined;
  insecure?: boolean | undefined;
  caFile?: string | undefined;
  /** Per request; teardown gets ten times this. Default 30 s. */
  timeoutMs?: number | undefined;
  /** The HTTP proxy for a given target (never used for the embedded server); default none. */
  proxy?: ProxySettings | undefined;
  /** The datastore of the scratch libraries; default the first the target lists. */
  datastore?: string | undefined;
  /**
   * What to provision. `suites` (default): a scratch library, and an item of a subscribed library (or
   * `subscribedItem` as given); the embedded server then expires idle sessions quickly for the expiry
   * suite. `library`: a scratch library only (the pact's provider states), with the documented timeouts.
   */
  provision?: "suites" | "library" | undefined;
  /** A library item of a subscribed library to use instead of provisioning one. */
  subscribedItem?: string | undefined;
  /**
   * Whether the suites read a subscribed item (default true). False provisions none: no published library,
   * subscription or sync, nor their removal, for a run whose suites never read one.
   */
  subscribedItemNeeded?: boolean | undefined;
  /** Where the run's ledger and run record go (`.usc` of the working directory for the CLI). */
  stateDir: string;
  runId?: string | undefined;
  /** Cuts every set-up request at once when it fires; teardown still reaches the target. */
  signal?: AbortSignal | undefined;
  /** Progress lines (server started, provisioning, teardown). */
  note?: ((line: string) => void) | undefined;
  /**
   * Named deviations of the embedded server (server/faults.ts), for self-tests proving that a check fails
   * against it; ignored for a given target.
   */
  embeddedFaults?: readonly string[] | undefined;
}

export interface OpenedTarget {
  runId: string;
  /** The target's base URL, without a trailing slash. */
  baseUrl: string;
  embedded: boolean;
  /** Every dialect the run covers: those in `context.dialects` run, the `blocked` ones cannot. */
  dialects: Dialect[];
  /** Dialects that could not be set up (their login was refused), with the reason their checks are blocked by. */
  blocked: ReadonlyMap<Dialect, string>;
  /** What the suites need; `context.dialects` are the dialects that are ready. */
  context: RunContext;
  /** The clients of each dialect, logged in on first need (the pact's provider states use them). */
  connection: TargetConnection;
  /** The run's resource ledger: record what is created on the target here, and `close()` removes it. */
  ledger: ResourceLedger;
  /** Set-up's own verdicts: `target.login` per dialect and the schema check of every set-up response. */
  setupChecks(): CheckResult[];
  /** Every secret of the run so far (passwords, tokens), for reporters' last line of defence. */
  secrets(): string[];
  /** Removes the scratch resources (within the teardown deadline), logs out, stops the embedded server. */
  close(): Promise<{ problems: string[] }>;
}

/**
 * The target cannot give a verdict at all: unreachable, not the vSphere API, no login in any dialect, no
 * scratch library, or an interrupt during set-up. Whatever set-up opened is closed again before it is thrown.
 */
export class TargetUnusable extends Error {
  /** start-up, login or provisioning. */
  readonly phase: string;
  /** What teardown could not remove. */
  readonly cleanupProblems: string[];
  readonly baseUrl: string;
  readonly runId: string;
  readonly embedded: boolean;
  /** Every secret set-up knew (passwords, tokens), for redacting what is printed. */
  readonly secrets: string[];
  constructor(
    message: string,
    details: {
      phase: string;
      cleanupProblems: string[];
      baseUrl: string;
      runId: string;
      embedded: boolean;
      secrets: string[];
    },
  ) {
    super(message);
    this.phase = details.phase;
    this.cleanupProblems = details.cleanupProblems;
    this.baseUrl = details.baseUrl;
    this.runId = details.runId;
    this.embedded = details.embedded;
    this.secrets = details.secrets;
  }
}

/** Thrown inside set-up; becomes TargetUnusable once what was opened is closed. */
class SetupStopped extends Error {}

function wantedDialects(dialect: RunDialect, served: readonly Dialect[]): Dialect[] {
  if (dialect === "auto") return [...served];
  return dialect === "both" ? ["rest", "api"] : [dialect];
}

/** Why no dialect could log in, in the words a user acts on. */
function noLoginMessage(baseUrl: string, username: string, logins: readonly LoginOutcome[]): string {
  const notApi = logins.filter((login) => login.status === "not-api");
  const shown = notApi.find((login) => login.dialect === "api") ?? notApi[0];
  if (shown !== undefined) return shown.reason;
  if (username === "")
    return `login to ${baseUrl} failed: the user name is missing (set USC_USERNAME and USC_PASSWORD, or --username and --password)`;
  const first = logins[0]?.response;
  return `login to ${baseUrl} as ${username} failed: status ${first?.status ?? "none"} ${first?.errorType ?? ""}`.trim();
}

/** Opens the target; throws TargetUnusable (never anything else for the target's or the user's mistakes). */
export async function openTarget(options: OpenTargetOptions): Promise<OpenedTarget> {
  // Check results quote the requirements catalogue. Parsing it takes over a second of CPU on a loaded
  // machine: read it now, before any session exists, not inside the first check between two of its requests.
  loadRequirements();
  const runId = options.runId ?? newRunId();
  const note = options.note ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const forSuites = (options.provision ?? "suites") === "suites";
  // The embedded server runs in this process, so the run may move its clock instead of waiting on it.
  const clock: RunClock = options.target === undefined ? new AdvancingClock() : systemRunClock;
  const started =
    options.target === undefined
      ? await startEmbeddedServer({
          username: options.username,
          password: options.password,
          shortIdle: forSuites,
          clock,
          faults: options.embeddedFaults,
        })
      : undefined;
  const embedded: ReferenceServerHandle | undefined = started?.server;
  const username = options.username ?? started?.username ?? "";
  const password = options.password ?? started?.password ?? "";

  const otherUser = embedded !== undefined ? embeddedOtherUser : options.otherUser;
  const limitedUser =
    embedded !== undefined
      ? { username: embeddedLimitedUser.username, password: embeddedLimitedUser.password }
      : options.limitedUser;
  const knownSecrets = [password, otherUser?.password, limitedUser?.password].filter(
    (secret): secret is string => secret !== undefined && secret !== "",
  );
  // The embedded server is on loopback: a user's HTTPS_PROXY must not carry that traffic away.
  const proxy = embedded === undefined ? (options.proxy ?? directConnection) : directConnection;
  const insecure = options.insecure ?? false;
  // One array per set of secrets (see TargetConnection.secrets): a new one at every exchange made the
  // transport work out its redaction again for each request.
  let secretList: { from: readonly string[]; list: string[] } | undefined;
  const currentSecrets = (): string[] => {
    const fromConnection = opened.secrets();
    if (secretList?.from !== fromConnection)
      secretList = { from: fromConnection, list: [...knownSecrets, ...fromConnection] };
    return secretList.list;
  };
  const transport = createTransport({
    insecure,
    caFile: options.caFile,
    timeoutMs,
    proxy,
    // Called per request, by which time the connection below exists.
    secrets: currentSecrets,
  });
  // Until set-up is done, an interrupt cuts every request at once; teardown then has the transport back.
  const setup = interruptible(transport, options.signal);
  const opened = new TargetConnection({
    baseUrl: options.target ?? embedded?.url ?? "",
    username,
    password,
    transport: setup,
  });
  // Every URL below is built from the connection's, which has no trailing slash.
  const baseUrl = opened.baseUrl;
  if (embedded !== undefined) note(`embedded reference server listening on ${baseUrl}`);
  writeRunRecord(options.stateDir, {
    runId,
    target: baseUrl,
    embedded: embedded !== undefined,
    startedAt: new Date().toISOString(),
  });
  const ledger = new ResourceLedger(options.stateDir, runId);
  const loginChecks: CheckResult[] = [];
  const logins: LoginOutcome[] = [];
  const blocked = new Map<Dialect, string>();
  let dialects: Dialect[] = [];

  const setupChecks = () => [
    ...loginChecks,
    ...dialects.flatMap((dialect) =>
      setupSchemaChecks(opened, dialect, insecure, [...knownSecrets, ...opened.secrets()]),
    ),
  ];
  let closing: Promise<{ problems: string[] }> | undefined;
  const close = () => {
    closing ??= (async () => {
      setup.release();
      if (logins.some((login) => login.status === "ok")) note(`run ${runId}: removing scratch resources`);
      const problems: string[] = [];
      try {
        const report = await opened.teardown(ledger, timeoutMs * 10);
        problems.push(...teardownProblems(report, runId));
      } finally {
        await opened.close();
        await embedded?.close();
      }
      return { problems };
    })();
    return closing;
  };

  let phase = "start-up";
  try {
    const probe = await probeDialects(setup, baseUrl);
    if (!probe.ok) throw new SetupStopped(probe.reason);
    dialects = wantedDialects(options.dialect ?? "auto", probe.dialects);
    const missing = dialects.filter((d) => !probe.dialects.includes(d));
    if (missing.length > 0)
      throw new SetupStopped(
        `${baseUrl} does not serve the ${missing.join(" and ")} dialect (try --dialect auto)`,
      );

    phase = "login";
    // Every dialect logs in at once; the outcomes are taken in dialect order, as one after the other would.
    const attempts = await Promise.all(
      dialects.map((dialect) => loginCheck(opened.client(dialect), insecure, knownSecrets)),
    );
    for (const [index, dialect] of dialects.entries()) {
      const { result, outcome } = attempts[index] as Awaited<ReturnType<typeof loginCheck>>;
      loginChecks.push(result);
      if (outcome === undefined) throw new SetupStopped(`target unreachable: ${result.message}`);
      logins.push(outcome);
      if (outcome.status !== "ok") blocked.set(dialect, `blocked by target.login: ${outcome.reason}`);
    }
    const ready = dialects.filter((dialect) => !blocked.has(dialect));
    if (ready.length === 0) throw new SetupStopped(noLoginMessage(baseUrl, username, logins));

    phase = "provisioning";
    note(`run ${runId}: provisioning scratch resources`);
    const scratch = await provisionInAnyDialect(opened, ready, ledger, {
      runId,
      datastore: options.datastore,
      purpose: forSuites ? "library" : "pact-library",
      subscribedItem: forSuites && options.subscribedItemNeeded !== false ? options.subscribedItem : false,
    });
    if (options.signal?.aborted === true) throw new SetupStopped("interrupted");
    setup.release();

    const context: RunContext = {
      runId,
      baseUrl,
      dialects: ready,
      username,
      password,
      otherUser,
      limitedUser,
      insecure,
      caFile: options.caFile,
      proxy,
      timeoutMs,
      stateDir: options.stateDir,
      libraryId: scratch.libraryId,
      subscribedItemId: scratch.subscribedItemId,
      subscribedItemMissing: scratch.subscribedItemMissing,
      idleTimeoutSeconds: embedded !== undefined ? embeddedIdleTimeoutSeconds : options.idleTimeoutSeconds,
      clock,
    };
    return {
      runId,
      baseUrl,
      embedded: embedded !== undefined,
      dialects,
      blocked,
      context,
      connection: opened,
      ledger,
      setupChecks,
      secrets: () => [...knownSecrets, ...opened.secrets()],
      close,
    };
  } catch (error) {
    const message =
      options.signal?.aborted === true
        ? `the run was interrupted during ${phase}, before any check ran`
        : error instanceof Error
          ? error.message
          : String(error);
    // No verdicts: a refusal in every dialect is as likely a wrong password as the target's deviation.
    const { problems } = await close();
    throw new TargetUnusable(message, {
      phase,
      cleanupProblems: problems,
      baseUrl,
      runId,
      embedded: embedded !== undefined,
      secrets: [...knownSecrets, ...opened.secrets()],
    });
  }
}

/**
 * Provisions through the first ready dialect that manages it: the scratch library serves every dialect
 * (one target, one state), so a dialect whose set-up answers cannot be read even leniently does not stop
 * the other. Only when no dialect can make it is the target unusable.
 */
async function provisionInAnyDialect(
  connection: TargetConnection,
  ready: readonly Dialect[],
  ledger: ResourceLedger,
  options: Parameters<typeof provision>[2],
): Promise<Provisioned> {
  let firstError: unknown;
  for (const dialect of ready) {
    try {
      return await provision(await connection.loggedIn(dialect), ledger, options);
    } catch (error) {
      if (error instanceof NoResponseError) throw error;
      firstError ??= error;
    }
  }
  throw firstError instanceof Error ? firstError : new SetupStopped(String(firstError));
}
