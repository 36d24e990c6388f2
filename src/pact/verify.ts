/**
 * `usc pact verify`, in process: open the target (log in, make a scratch library), run Pact's Verifier over each
 * pact with state handlers that build the states through our client, and read the verifier's result into
 * verdicts. Everything the states created is removed again; nothing but the target (and a broker, when one
 * is named) is contacted.
 */
import type { Dialect } from "../../spec/index.ts";
import type { ApiClient } from "../client/api-client.ts";
import type { ProxySettings, RunDialect } from "../config/index.ts";
import type { Transport } from "../http/transport.ts";
import { newRunId } from "../ledger/index.ts";
import { openTarget, TargetUnusable, type OpenedTarget } from "../target/open-target.ts";
import { forwardingFilter } from "./forwarder.ts";
import { loadVerifier } from "./load-pact.ts";
import { findPactFiles, type PactFile } from "./pact-files.ts";
import { allStateNames } from "./provider-states.ts";
import { ProviderStateBuilder } from "./state-builder.ts";
import { parseVerification, type InteractionVerdict, type ParsedVerification } from "./verify-report.ts";

export { verifyExitCode } from "./verdict.ts";

export interface BrokerOptions {
  url: string;
  token: string | undefined;
  /** The provider's name in the broker: which pacts to fetch. */
  provider: string;
  providerVersion: string | undefined;
  publish: boolean;
}

export interface VerifyOptions {
  /** Base URL of the provider; undefined starts the embedded reference server. */
  target: string | undefined;
  dialect: RunDialect;
  username: string | undefined;
  password: string | undefined;
  insecure: boolean;
  caFile: string | undefined;
  timeoutMs: number;
  proxy: ProxySettings;
  datastore: string | undefined;
  /** Pact files or directories; may be empty when a broker is named. */
  pacts: readonly string[];
  broker: BrokerOptions | undefined;
  /** Where the run's ledger goes (`.usc`), for `usc cleanup --run-id`. */
  stateDir: string;
  cwd: string;
  note?: (line: string) => void;
}

export interface PactVerification {
  /** The pact file, or the broker URL. */
  source: string;
  dialect: Dialect | undefined;
  verdicts: InteractionVerdict[];
  /** Pact's own console report, colour codes removed (for --verbose). */
  output: string[];
}

export interface VerifyOutcome {
  runId: string;
  target: string;
  verifications: PactVerification[];
  /** Set when verification could not run at all (bad pact files, unreachable target, failed login). */
  fatal: string | undefined;
  /** Problems that leave the verdict incomplete without being the target's fault (cleanup leftovers). */
  problems: string[];
  /** Every secret of the run, for redacting anything printed. */
  secrets: string[];
}

export class VerifyUsageError extends Error {}

/** Pact's native core reads these itself; only what the caller named explicitly may reach a broker. */
const brokerEnvironment = [
  "PACT_BROKER_BASE_URL",
  "PACT_BROKER_TOKEN",
  "PACT_BROKER_USERNAME",
  "PACT_BROKER_PASSWORD",
  "PACT_BROKER_PUBLISH_VERIFICATION_RESULTS",
];

/** Set while verifications run in this process; the first to start saves the environment, the last restores it. */
let isolation: { users: number; saved: Map<string, string | undefined> } | undefined;

/** A path that holds no certificates (see isolateEnvironment). */
const noCertificates = "/nonexistent/usc-pact-verifier-needs-no-certificates";

/**
 * The environment Pact's native verifier reads while it runs:
 * - no broker variables of its own (PACT_BROKER_*): only a broker the caller named may be contacted;
 * - 127.0.0.1 in NO_PROXY: the verifier talks to its own proxy on 127.0.0.1, never through an HTTP proxy;
 * - without a broker, no system CA store: the verifier then speaks only plain HTTP to that proxy (our
 *   transport carries the requests on, with the run's TLS options), yet loads every system certificate for
 *   each request it sends, which costs about 20 ms per request.
 */
function isolateEnvironment(env: NodeJS.ProcessEnv, withBroker: boolean): () => void {
  if (isolation === undefined) {
    const overrides = new Map<string, string | undefined>(brokerEnvironment.map((name) => [name, undefined]));
    for (const name of ["NO_PROXY", "no_proxy"]) {
      overrides.set(
        name,
        [env[name], "127.0.0.1", "localhost"].filter((part) => part !== undefined && part !== "").join(","),
      );
    }
    if (!withBroker)
      for (const name of ["SSL_CERT_FILE", "SSL_CERT_DIR"]) overrides.set(name, noCertificates);
    const saved = new Map<string, string | undefined>();
    for (const [name, value] of overrides) {
      saved.set(name, env[name]);
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    isolation = { users: 0, saved };
  }
  const current = isolation;
  current.users += 1;
  return () => {
    current.users -= 1;
    if (current.users > 0 || isolation !== current) return;
    for (const [name, value] of current.saved) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    isolation = undefined;
  };
}

function selectPacts(files: PactFile[], wanted: readonly Dialect[]): PactFile[] {
  return files.filter((file) => file.dialect === undefined || wanted.includes(file.dialect));
}

interface Session {
  baseUrl: string;
  transport: Transport;
  clients: Map<Dialect, ApiClient>;
  states: ProviderStateBuilder;
  unverified: string[];
}

type VerifierResult = Pick<ParsedVerification, "verdicts" | "output" | "sourceErrors">;

async function runVerifier(
  session: Session,
  source: { files: PactFile[] } | { broker: BrokerOptions },
  fallbackDialect: Dialect,
  options: VerifyOptions,
): Promise<VerifierResult> {
  const Verifier = await loadVerifier();
  const { states } = session;
  const handler = (name: string) => ({
    setup: async (params: unknown) =>
      states.setup(name, (params ?? {}) as Record<string, unknown>, fallbackDialect),
    teardown: async () => {
      await states.teardown();
      return undefined;
    },
  });
  session.unverified.length = 0;
  const brokerOptions =
    "broker" in source
      ? {
          pactBrokerUrl: source.broker.url,
          provider: source.broker.provider,
          // The latest pact of each consumer: what `usc pact export` publishes is one pact per dialect.
          consumerVersionSelectors: [{ latest: true }],
          ...(source.broker.token === undefined ? {} : { pactBrokerToken: source.broker.token }),
          ...(source.broker.providerVersion === undefined
            ? {}
            : { providerVersion: source.broker.providerVersion }),
          publishVerificationResult: source.broker.publish,
        }
      : { pactUrls: source.files.map((file) => file.path) };
  const verifier = new Verifier({
    providerBaseUrl: session.baseUrl,
    ...brokerOptions,
    logLevel: "error",
    timeout: options.timeoutMs,
    // Pact types the handlers as HTTP and message handlers at once; these are the HTTP kind (setup/teardown).
    stateHandlers: Object.fromEntries(allStateNames().map((name) => [name, handler(name)])) as never,
    requestFilter: forwardingFilter({
      transport: session.transport,
      baseUrl: session.baseUrl,
      blocked: () => states.blockedReason,
      onUnverified: (reason) => session.unverified.push(reason),
    }),
  });
  let json: string;
  try {
    json = String(await verifier.verifyProvider());
  } catch (error) {
    json = error instanceof Error ? error.message : String(error);
  }
  try {
    return parseVerification(json, session.unverified);
  } catch {
    throw new Error(`the Pact verifier could not run: ${json.split("\n")[0] ?? json}`);
  }
}

/** Runs the verification; never throws for the target's or the user's mistakes (they become `fatal`). */
export async function verifyPacts(options: VerifyOptions): Promise<VerifyOutcome> {
  const note = options.note ?? (() => undefined);
  const runId = newRunId();
  const secrets = [options.password, options.broker?.token].filter(
    (s): s is string => s !== undefined && s !== "",
  );
  const outcome: VerifyOutcome = {
    runId,
    target: options.target ?? "",
    verifications: [],
    fatal: undefined,
    problems: [],
    secrets,
  };

  let files: PactFile[] = [];
  try {
    files = findPactFiles(options.pacts, options.cwd);
  } catch (error) {
    outcome.fatal = error instanceof Error ? error.message : String(error);
    return outcome;
  }
  if (files.length === 0 && options.broker === undefined) {
    outcome.fatal = "no pacts to verify: give --pact FILE|DIR or --broker-url";
    return outcome;
  }

  const restore = isolateEnvironment(process.env, options.broker !== undefined);
  let target: OpenedTarget | undefined;
  try {
    target = await openTarget({
      target: options.target,
      username: options.username,
      password: options.password,
      dialect: options.dialect,
      insecure: options.insecure,
      caFile: options.caFile,
      timeoutMs: options.timeoutMs,
      proxy: options.proxy,
      datastore: options.datastore,
      provision: "library",
      stateDir: options.stateDir,
      runId,
      note,
    });
    outcome.target = target.baseUrl;
    const wanted = target.context.dialects;
    const selected = selectPacts(files, wanted);
    // A dialect whose login the target refused (while another's succeeded) breaks every interaction of its
    // pacts, as `usc run` fails target.login there and blocks that dialect's checks: they fail with the
    // reason, and the other dialects' pacts are still verified.
    const refused = files.filter((file) => file.dialect !== undefined && target?.blocked.has(file.dialect));
    for (const file of refused) outcome.verifications.push(refusedVerification(file, target.blocked));
    if (files.length > 0 && selected.length === 0 && refused.length === 0)
      throw new VerifyUsageError(`none of the pacts is in the ${wanted.join(" or ")} dialect`);
    const [first] = wanted;
    if (first === undefined) throw new VerifyUsageError("no dialect to verify");
    const clients = new Map<Dialect, ApiClient>();
    for (const dialect of wanted) clients.set(dialect, await target.connection.loggedIn(dialect));
    const session: Session = {
      baseUrl: target.baseUrl,
      transport: target.connection.transport,
      clients,
      states: new ProviderStateBuilder({
        clients,
        ledger: target.ledger,
        runId,
        libraryId: target.context.libraryId,
      }),
      unverified: [],
    };
    const record = (source: string, dialect: Dialect | undefined, result: VerifierResult) => {
      outcome.verifications.push({ source, dialect, verdicts: result.verdicts, output: result.output });
      outcome.problems.push(...result.sourceErrors.map((error) => `${source}: ${error}`));
      if (result.verdicts.length === 0 && result.sourceErrors.length === 0) {
        outcome.problems.push(`${source}: no interaction was verified`);
      }
    };
    for (const file of selected) {
      note(
        `verifying ${file.path} (${file.dialect ?? "mixed dialects"}, ${file.descriptions.length} interactions)`,
      );
      record(
        file.path,
        file.dialect,
        await runVerifier(session, { files: [file] }, file.dialect ?? first, options),
      );
    }
    if (options.broker !== undefined) {
      note(`verifying the pacts ${options.broker.url} holds for ${options.broker.provider}`);
      record(
        options.broker.url,
        undefined,
        await runVerifier(session, { broker: options.broker }, first, options),
      );
    }
    outcome.problems.push(...session.states.cleanupProblems.map((p) => `cleanup after a state: ${p}`));
  } catch (error) {
    outcome.fatal = error instanceof Error ? error.message : String(error);
    if (error instanceof TargetUnusable) {
      outcome.target = error.baseUrl;
      secrets.push(...error.secrets);
      outcome.problems.push(...error.cleanupProblems);
    }
  } finally {
    restore();
    if (target !== undefined) {
      const closed = await target.close();
      outcome.problems.push(...closed.problems);
      secrets.push(...target.secrets());
    }
  }
  return outcome;
}

/** Every interaction of a pact whose dialect could not log in, failed with the login's refusal. */
function refusedVerification(file: PactFile, blocked: ReadonlyMap<Dialect, string>): PactVerification {
  const blockedBy = (file.dialect === undefined ? undefined : blocked.get(file.dialect)) ?? "login refused";
  const reason = blockedBy.replace(/^blocked by target\.login: /, "target.login failed: ");
  return {
    source: file.path,
    dialect: file.dialect,
    verdicts: file.descriptions.map((description) => ({
      description,
      status: "failed",
      mismatches: [reason],
    })),
    output: [],
  };
}
