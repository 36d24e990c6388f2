/**
 * The one table of `usc run` options. Flag parsing, environment reading, config-file keys, defaults and the
 * `--help` text are all derived from it: adding an option is adding one row.
 */
import { join } from "node:path";
import {
  enumParser,
  integerParser,
  parseBoolean,
  parseExistingFile,
  parseNameList,
  parsePath,
  parseRegExp,
  parseSecret,
  parseTargetUrl,
  parseText,
  type ParseContext,
  type Parsed,
  type RawValue,
} from "./values.ts";

export const runDialects = ["rest", "api", "both", "auto"] as const;
export type RunDialect = (typeof runDialects)[number];

export const failOnLevels = ["must", "should"] as const;

/** The profiles a run can be held to; `certification` is the only one. */
export const runProfiles = ["certification"] as const;
export type RunProfile = (typeof runProfiles)[number];

export const junitTranscriptModes = ["failures", "all", "none"] as const;
export type JUnitTranscriptMode = (typeof junitTranscriptModes)[number];
export type FailOn = (typeof failOnLevels)[number];

/** Every option's resolved value. Paths are absolute. */
export interface RunOptionValues {
  /** Base URL of the target; undefined = the embedded reference server. */
  target: string | undefined;
  /** The profile the run is held to; undefined = none (any selection, any baseline). */
  profile: RunProfile | undefined;
  /** Ed25519 private key (PEM) that signs a certification run's manifest.json; undefined = unsigned. */
  signKey: string | undefined;
  dialect: RunDialect;
  username: string | undefined;
  password: string | undefined;
  /** A second user of the target, for the list isolation check. */
  otherUsername: string | undefined;
  otherPassword: string | undefined;
  /** A user without ContentLibrary.UpdateSession on the scratch items, for the privilege checks. */
  limitedUsername: string | undefined;
  limitedPassword: string | undefined;
  insecure: boolean;
  caFile: string | undefined;
  datastore: string | undefined;
  subscribedItem: string | undefined;
  grep: string | undefined;
  /** Suite names to run; undefined = every suite. */
  suites: string[] | undefined;
  /** Check ids or `*` globs to run; undefined = every check. */
  checks: string[] | undefined;
  /** Check ids or `*` globs to leave out; undefined = none. */
  exclude: string[] | undefined;
  failOn: FailOn;
  /** A YAML baseline of accepted failures (`{check, dialect?, reason}` entries); undefined = none. */
  expectedFailures: string | undefined;
  reportDir: string;
  junit: string;
  /** Which JUnit testcases carry the full transcript: failures (default), all or none. */
  junitTranscripts: JUnitTranscriptMode;
  /** Bound on each request, connect to last body byte. */
  timeoutMs: number;
  /** The target's idle timeout when known: enables the expiry checks that wait for a session to expire. */
  idleTimeoutSeconds: number | undefined;
  concurrency: number;
  list: boolean;
  /** true/false forced by --color/--no-color; undefined = decide per stream (TTY, NO_COLOR, FORCE_COLOR). */
  color: boolean | undefined;
  /** Print only the verdict. */
  quiet: boolean;
  /** Print the whole resolved configuration at start instead of one line. */
  verbose: boolean;
  configFile: string | undefined;
  help: boolean;
}

export type OptionField = keyof RunOptionValues;

export interface OptionSpec<K extends OptionField = OptionField> {
  field: K;
  /** The flag without dashes, also the config-file key (kebab-case; camelCase accepted in files). */
  name: string;
  /** Placeholder for the value in help; absent for on/off switches (`--insecure`, `--no-insecure`). */
  valueName?: string;
  /** Environment variable; absent when the option is a flag only. */
  env?: string;
  /** Whether a config file may set it. */
  inFile: boolean;
  /** Never repeat the value in messages or logs. */
  secret?: boolean;
  help: string;
  /** The default as shown in help; absent when the default is "not set". */
  defaultText?: string;
  parse(raw: RawValue, context: ParseContext): Parsed<RunOptionValues[K]>;
  /** The value when no source sets it; may depend on options earlier in the table. */
  fallback(resolved: Partial<RunOptionValues>, context: ParseContext): RunOptionValues[K];
}

/** Keeps each row's field and value types tied together while the table holds them all. */
function option<K extends OptionField>(spec: OptionSpec<K>): OptionSpec<K> {
  return spec;
}

const notSet = () => undefined;

/**
 * The default --concurrency. A remote target's run waits on the network: every suite instance (12 suites in
 * two dialects) at once brings a run with 20 ms per request to about 1.3x its critical path, where 4 at a
 * time took 2.5x (bench/latency.ts), and a vCenter serves tens of concurrent requests. The embedded server,
 * or a target whose short idle timeout is given, gets 4: the run there is CPU on this machine, which more
 * overlap does not shorten, and interleaving more suites stretches the gaps between one session's requests
 * towards that idle timeout on a loaded machine.
 */
const remoteConcurrency = 24;
const localConcurrency = 4;

export const optionTable = [
  option({
    field: "target",
    name: "target",
    valueName: "URL",
    env: "USC_TARGET",
    inFile: true,
    help: "Base URL of the implementation under test, e.g. https://vcenter.example.",
    defaultText: "the embedded reference server on 127.0.0.1",
    parse: parseTargetUrl,
    fallback: notSet,
  }),
  option({
    field: "profile",
    name: "profile",
    valueName: runProfiles.join("|"),
    env: "USC_PROFILE",
    inFile: true,
    help: "Hold the run to a fixed profile. certification: every suite in every dialect the target serves, no --suite, --check, --exclude, --grep, --dialect or --expected-failures; needs the second and the limited user; writes manifest.json beside the reports ('usc bundle verify' checks it).",
    parse: enumParser(runProfiles),
    fallback: notSet,
  }),
  option({
    field: "signKey",
    name: "sign-key",
    valueName: "FILE",
    env: "USC_SIGN_KEY",
    inFile: true,
    help: "Ed25519 private key (PEM) to sign a certification run's manifest.json with: writes manifest.json.sig (needs --profile certification).",
    parse: parseExistingFile,
    fallback: notSet,
  }),
  option({
    field: "dialect",
    name: "dialect",
    valueName: runDialects.join("|"),
    env: "USC_DIALECT",
    inFile: true,
    help: "Wire dialect(s) to test: /rest, /api, both, or auto (probe what the target serves).",
    defaultText: "both (auto with --profile certification)",
    parse: enumParser(runDialects),
    // A certification covers every dialect the target serves, which only the probe knows.
    fallback: (resolved) => (resolved.profile === "certification" ? "auto" : "both"),
  }),
  option({
    field: "username",
    name: "username",
    valueName: "NAME",
    env: "USC_USERNAME",
    inFile: true,
    help: "User to log in as (needs a password too).",
    parse: parseText,
    fallback: notSet,
  }),
  option({
    field: "password",
    name: "password",
    valueName: "SECRET",
    env: "USC_PASSWORD",
    inFile: true,
    secret: true,
    help: "Password for --username. Prefer the environment variable: flags show in `ps` and shell history.",
    parse: parseSecret,
    fallback: notSet,
  }),
  option({
    field: "otherUsername",
    name: "other-username",
    valueName: "NAME",
    env: "USC_OTHER_USERNAME",
    inFile: true,
    help: "A second user of the target, to show that list answers only the caller's sessions (that check is skipped without one; needs --other-password).",
    parse: parseText,
    fallback: notSet,
  }),
  option({
    field: "otherPassword",
    name: "other-password",
    valueName: "SECRET",
    env: "USC_OTHER_PASSWORD",
    inFile: true,
    secret: true,
    help: "Password for --other-username. Prefer the environment variable.",
    parse: parseSecret,
    fallback: notSet,
  }),
  option({
    field: "limitedUsername",
    name: "limited-username",
    valueName: "NAME",
    env: "USC_LIMITED_USERNAME",
    inFile: true,
    help: "A user of the target without ContentLibrary.UpdateSession on the run's scratch items (e.g. a read-only user); the privilege checks are skipped without one (needs --limited-password).",
    parse: parseText,
    fallback: notSet,
  }),
  option({
    field: "limitedPassword",
    name: "limited-password",
    valueName: "SECRET",
    env: "USC_LIMITED_PASSWORD",
    inFile: true,
    secret: true,
    help: "Password for --limited-username. Prefer the environment variable.",
    parse: parseSecret,
    fallback: notSet,
  }),
  option({
    field: "insecure",
    name: "insecure",
    env: "USC_INSECURE",
    inFile: true,
    help: "Accept any TLS certificate (self-signed lab systems).",
    defaultText: "false",
    parse: parseBoolean,
    fallback: () => false,
  }),
  option({
    field: "caFile",
    name: "ca-file",
    valueName: "FILE",
    env: "USC_CA_FILE",
    inFile: true,
    help: "PEM file of extra CA certificates to trust for the target (added to the system's).",
    parse: parseExistingFile,
    fallback: notSet,
  }),
  option({
    field: "datastore",
    name: "datastore",
    valueName: "ID",
    env: "USC_DATASTORE",
    inFile: true,
    help: "Datastore for the scratch library.",
    defaultText: "the first the target lists",
    parse: parseText,
    fallback: notSet,
  }),
  option({
    field: "subscribedItem",
    name: "subscribed-item",
    valueName: "ID",
    env: "USC_SUBSCRIBED_ITEM",
    inFile: true,
    help: "An item of a subscribed library, for the invalid_element_type check (skipped without one).",
    parse: parseText,
    fallback: notSet,
  }),
  option({
    field: "grep",
    name: "grep",
    valueName: "PATTERN",
    env: "USC_GREP",
    inFile: true,
    help: "Run only the checks whose id or title matches this regular expression.",
    parse: parseRegExp,
    fallback: notSet,
  }),
  option({
    field: "suites",
    name: "suite",
    valueName: "NAMES",
    env: "USC_SUITE",
    inFile: true,
    help: "Run only these suites (comma-separated, e.g. lifecycle,auth; usc run --list names them).",
    parse: parseNameList,
    fallback: notSet,
  }),
  option({
    field: "checks",
    name: "check",
    valueName: "IDS",
    env: "USC_CHECK",
    inFile: true,
    help: "Run only these checks: ids or globs, comma-separated, where * stands for any characters (e.g. wrong-state.done.*,auth.unauthenticated.create).",
    parse: parseNameList,
    fallback: notSet,
  }),
  option({
    field: "exclude",
    name: "exclude",
    valueName: "IDS",
    env: "USC_EXCLUDE",
    inFile: true,
    help: "Leave out these checks: ids or globs, comma-separated, as for --check.",
    parse: parseNameList,
    fallback: notSet,
  }),
  option({
    field: "failOn",
    name: "fail-on",
    valueName: failOnLevels.join("|"),
    env: "USC_FAIL_ON",
    inFile: true,
    help: "Lowest level whose violations fail the run (exit 1): must, or should (warnings fail too).",
    defaultText: "must",
    parse: enumParser(failOnLevels),
    fallback: () => "must",
  }),
  option({
    field: "expectedFailures",
    name: "expected-failures",
    valueName: "FILE",
    env: "USC_EXPECTED_FAILURES",
    inFile: true,
    help: "YAML list of {check, dialect?, reason}: listed failures do not fail the run; a listed check that passes does (stale entry). 'usc baseline --from results.json' writes one.",
    parse: parseExistingFile,
    fallback: notSet,
  }),
  option({
    field: "reportDir",
    name: "report-dir",
    valueName: "DIR",
    env: "USC_REPORT_DIR",
    inFile: true,
    help: "Directory for the reports (junit.xml, results.json).",
    defaultText: "reports",
    parse: parsePath,
    fallback: (_resolved, context) => join(context.baseDir, "reports"),
  }),
  option({
    field: "junit",
    name: "junit",
    valueName: "FILE",
    env: "USC_JUNIT",
    inFile: true,
    help: "Path of the JUnit XML report.",
    defaultText: "<report-dir>/junit.xml",
    parse: parsePath,
    fallback: (resolved, context) =>
      join(resolved.reportDir ?? join(context.baseDir, "reports"), "junit.xml"),
  }),
  option({
    field: "junitTranscripts",
    name: "junit-transcripts",
    valueName: junitTranscriptModes.join("|"),
    env: "USC_JUNIT_TRANSCRIPTS",
    inFile: true,
    help: "Which JUnit testcases carry the full request/response transcript: those that failed, warned, errored or were blocked; all; or none (results.json always holds every transcript).",
    defaultText: "failures",
    parse: enumParser(junitTranscriptModes),
    fallback: () => "failures",
  }),
  option({
    field: "timeoutMs",
    name: "timeout",
    valueName: "MS",
    env: "USC_TIMEOUT",
    inFile: true,
    help: "Bound on each request, from connecting to the last byte of the response, in milliseconds.",
    defaultText: "10000",
    parse: integerParser("milliseconds", 1, 3_600_000),
    fallback: () => 10_000,
  }),
  option({
    field: "idleTimeoutSeconds",
    name: "idle-timeout",
    valueName: "SECONDS",
    env: "USC_IDLE_TIMEOUT",
    inFile: true,
    help: "The target's idle timeout for update sessions, when you know it and it is short (a test server's): the expiry checks that wait for an idle session to expire run only with it. Ignored for the embedded server, whose timeout is known.",
    parse: integerParser("seconds", 1, 60),
    fallback: notSet,
  }),
  option({
    field: "concurrency",
    name: "concurrency",
    valueName: "N",
    env: "USC_CONCURRENCY",
    inFile: true,
    help: "How many suites (each in one dialect) run at the same time.",
    defaultText: `${remoteConcurrency} for a --target without --idle-timeout, else ${localConcurrency}`,
    parse: integerParser("suites", 1, 64),
    fallback: (resolved) =>
      resolved.target !== undefined && resolved.idleTimeoutSeconds === undefined
        ? remoteConcurrency
        : localConcurrency,
  }),
  option({
    field: "list",
    name: "list",
    env: "USC_LIST",
    inFile: true,
    help: "Print the checks the run would run (honouring --suite, --check, --exclude, --grep and --dialect) with their level and requirement ids, and what the run will report, then exit without touching a target.",
    defaultText: "false",
    parse: parseBoolean,
    fallback: () => false,
  }),
  option({
    field: "color",
    name: "color",
    env: "USC_COLOR",
    inFile: true,
    help: "Colour the console output (--no-color: never). Without it, each of stdout and stderr is coloured when it is a terminal; NO_COLOR turns colour off and FORCE_COLOR on.",
    defaultText: "per stream",
    parse: parseBoolean,
    fallback: notSet,
  }),
  option({
    field: "quiet",
    name: "quiet",
    env: "USC_QUIET",
    inFile: true,
    help: "Print only the verdict line (-q). Errors that stop the run are still printed.",
    defaultText: "false",
    parse: parseBoolean,
    fallback: () => false,
  }),
  option({
    field: "verbose",
    name: "verbose",
    env: "USC_VERBOSE",
    inFile: true,
    help: "Print the whole resolved configuration, each option with its source, instead of one line.",
    defaultText: "false",
    parse: parseBoolean,
    fallback: () => false,
  }),
  option({
    field: "configFile",
    name: "config",
    valueName: "FILE",
    env: "USC_CONFIG",
    inFile: false,
    help: "YAML file whose keys are these option names (kebab-case or camelCase); relative paths in it are relative to the file.",
    parse: parsePath,
    fallback: notSet,
  }),
  option({
    field: "help",
    name: "help",
    inFile: false,
    help: "Print this help and exit.",
    parse: parseBoolean,
    fallback: () => false,
  }),
] as const;

export type AnyOptionSpec = (typeof optionTable)[number];

export function isSwitch(spec: AnyOptionSpec): boolean {
  return spec.valueName === undefined;
}
