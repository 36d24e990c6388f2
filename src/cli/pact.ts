/**
 * `usc pact export` writes the conformance contract as Pact V4 files (one per dialect); `usc pact verify`
 * runs Pact's verifier against a provider with provider states built through our client. Exit codes as
 * for `usc run`: 0 verified, 1 the provider broke the contract, 2 usage, unreachable target or harness error.
 */
import { join, relative, resolve } from "node:path";
import { dialects, isDialect, type Dialect } from "../../spec/index.ts";
import { optionTable, resolveRunConfig } from "../config/index.ts";
import { helpEntry } from "../config/help.ts";
import { parseTargetUrl } from "../config/values.ts";
import { redactText } from "../http/redact.ts";
import { defaultStateDir } from "../ledger/index.ts";
import { defaultConsumer, defaultProvider } from "../pact/names.ts";
import { findPactFiles, PactFileError } from "../pact/pact-files.ts";
import { verifyInWorker } from "../pact/verify-in-worker.ts";
import type { BrokerOptions, VerifyOutcome } from "../pact/verify.ts";
import { verifyExitCode } from "../pact/verdict.ts";
import { stripAnsi, verificationLines } from "../pact/verify-report.ts";
import type { Command } from "./command.ts";
import { ExitCode } from "./exit-codes.ts";
import { pactRunResult } from "./pact-results.ts";
import { say } from "./say.ts";
import { writeReports } from "./write-reports.ts";
import { parseArguments, UsageError, type FlagTable } from "../config/arguments.ts";
import { runFlagTable } from "../config/sources.ts";

const mainHelp = `Usage: usc pact export [options]
       usc pact verify --pact FILE|DIR [options]

The conformance contract as Pact pacts, for teams that gate a provider (a mock vCenter) with Pact.

  export   write Pact V4 files, one per dialect, generated from the suites' operations and the spec
  verify   verify a provider against pact files (or a Pact Broker) with Pact's own verifier

Run 'usc pact export --help' or 'usc pact verify --help' for the options.`;

const exportHelp = `Usage: usc pact export [--dialect rest|api|both] [--out DIR] [--consumer NAME] [--provider NAME]

Writes one Pact specification V4 file per dialect. Every interaction is first exercised by usc's own client
against Pact's mock server (the consumer test), so the pact holds exactly what the client sends and reads.

  --dialect rest|api|both   which dialects (default both)
  --out DIR                 where to write them (default pacts); files of the same name are replaced
  --consumer NAME           consumer name; each pact's consumer is NAME-<dialect> (default ${defaultConsumer})
  --provider NAME           provider name, as your broker knows your provider (default ${defaultProvider})

Files: <out>/<consumer>-<dialect>-<provider>.json. Exit codes: 0 written, 2 usage or harness error.`;

/** The run options that mean something to a verification (the others are about suites and reports). */
const sharedRunOptions = [
  "target",
  "dialect",
  "username",
  "password",
  "insecure",
  "ca-file",
  "datastore",
  "timeout",
  "config",
];

function verifyHelp(): string {
  const shared = optionTable
    .filter((spec) => sharedRunOptions.includes(spec.name))
    .flatMap((spec) => {
      const left = `  --${spec.name}${spec.valueName === undefined ? "" : ` ${spec.valueName}`}`;
      const env = spec.env === undefined ? "" : ` [env ${spec.env}]`;
      return helpEntry(left, `${spec.help}${env}`);
    });
  return [
    "Usage: usc pact verify --pact FILE|DIR [--pact ...] [options]",
    "       usc pact verify --broker-url URL --provider NAME [--broker-token TOKEN]",
    "                       [--provider-version V [--publish]]",
    "",
    "Runs Pact's verifier against the target. Before each interaction its provider state is built on the target",
    "through usc's client (a scratch library item, an update session in the state the pact names), and removed",
    "after it; the ids the state made reach the request as Pact provider-state values.",
    "",
    "Pacts:",
    "  --pact FILE|DIR               a pact file, or a directory of them (repeatable)",
    "  --broker-url URL              fetch the provider's pacts from this Pact Broker instead (or as well)",
    "  --provider NAME               the provider's name in the broker (default " + defaultProvider + ")",
    "  --broker-token TOKEN          broker bearer token; prefer PACT_BROKER_TOKEN (flags show in `ps`)",
    "  --provider-version VERSION    the provider version verification results are published for",
    "  --publish                     publish the results to the broker (needs --broker-url, --provider-version)",
    "  --verbose                     also print Pact's own report of every interaction",
    "  --report-dir DIR              also write junit.xml, results.json, report.md and report.html there, as",
    "                                usc run does (one result per interaction, suite pact)",
    "",
    "Target, credentials, TLS (as for usc run; flag > environment > --config file):",
    ...shared,
    "",
    "Without --target the embedded reference server is verified. Only the target (and a broker named with",
    "--broker-url) is contacted; PACT_BROKER_BASE_URL and the like are not read.",
    "",
    "Exit codes: 0 every interaction verified; 1 the provider broke the contract;",
    "            2 usage error, unreachable target, a state that could not be built, or a harness error.",
  ].join("\n");
}

const exportFlags = {
  dialect: { type: "string", valueName: "rest|api|both" },
  out: { type: "string", valueName: "DIR" },
  consumer: { type: "string", valueName: "NAME" },
  provider: { type: "string", valueName: "NAME" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagTable;

interface ExportArguments {
  help: boolean;
  dialects: Dialect[];
  outDir: string;
  consumer: string;
  provider: string;
}

function readExportArguments(args: string[]): ExportArguments {
  const parsed: ExportArguments = {
    help: false,
    dialects: [...dialects],
    outDir: "pacts",
    consumer: defaultConsumer,
    provider: defaultProvider,
  };
  const { values } = parseArguments(args, exportFlags);
  parsed.help = values.help === true;
  if (values.dialect !== undefined) {
    const dialect = values.dialect;
    if (dialect === "both") parsed.dialects = [...dialects];
    else if (isDialect(dialect)) parsed.dialects = [dialect];
    else throw new UsageError(`--dialect: expected rest, api or both, got '${dialect}'`);
  }
  parsed.outDir = values.out ?? parsed.outDir;
  parsed.consumer = values.consumer ?? parsed.consumer;
  parsed.provider = values.provider ?? parsed.provider;
  for (const [flag, name] of [
    ["--consumer", parsed.consumer],
    ["--provider", parsed.provider],
  ] as const) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))
      throw new UsageError(`${flag}: '${name}' is not a usable name (letters, digits, . _ -)`);
  }
  return parsed;
}

async function runExport(args: string[]): Promise<number> {
  const parsed = readExportArguments(args);
  if (parsed.help) {
    process.stdout.write(`${exportHelp}\n`);
    return ExitCode.ok;
  }
  // Loaded for the export alone: `usc pact verify` needs none of the exporter's modules.
  const { exportPacts } = await import("../pact/export.ts");
  const written = await exportPacts({
    dialects: parsed.dialects,
    outDir: parsed.outDir,
    consumer: parsed.consumer,
    provider: parsed.provider,
  });
  for (const pact of written) {
    process.stdout.write(
      `${pact.dialect}: ${relative(process.cwd(), pact.path) || pact.path} (${pact.interactions} interactions, Pact V4)\n`,
    );
  }
  return ExitCode.ok;
}

interface VerifyArguments {
  help: boolean;
  verbose: boolean;
  pacts: string[];
  brokerUrl: string | undefined;
  brokerToken: string | undefined;
  provider: string;
  providerVersion: string | undefined;
  publish: boolean;
  /** Where to write the verification as junit.xml, results.json, report.md and report.html; none when unset. */
  reportDir: string | undefined;
  /** Everything else: the run command's options. */
  runArgs: string[];
}

/** Run options a verification has no use for; refused as flags so nobody thinks they took effect. */
const runOnlyFlags = optionTable
  .map((spec) => spec.name)
  .filter((name) => !sharedRunOptions.includes(name) && name !== "help");

const verifyFlags = {
  pact: { type: "string", multiple: true, valueName: "FILE|DIR" },
  "broker-url": { type: "string", valueName: "URL" },
  "broker-token": { type: "string", valueName: "TOKEN" },
  provider: { type: "string", valueName: "NAME" },
  "provider-version": { type: "string", valueName: "VERSION" },
  publish: { type: "boolean" },
  "report-dir": { type: "string", valueName: "DIR" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagTable;

function readVerifyArguments(args: string[], env: NodeJS.ProcessEnv): VerifyArguments {
  const { values, others } = parseArguments(args, verifyFlags, { others: runFlagTable });
  const refused = others.find((option) => runOnlyFlags.includes(option.name));
  if (refused !== undefined) {
    throw new UsageError(
      `${refused.args[0]?.replace(/=.*$/, "")} does not apply to usc pact verify (it is a usc run option)`,
    );
  }
  const envToken = env["PACT_BROKER_TOKEN"] === "" ? undefined : env["PACT_BROKER_TOKEN"];
  return {
    help: values.help === true,
    verbose: values.verbose === true,
    pacts: values.pact ?? [],
    brokerUrl: values["broker-url"],
    brokerToken: values["broker-token"] ?? envToken,
    provider: values.provider ?? defaultProvider,
    providerVersion: values["provider-version"],
    publish: values.publish === true,
    reportDir: values["report-dir"],
    runArgs: others.flatMap((option) => option.args),
  };
}

function brokerOptions(parsed: VerifyArguments): BrokerOptions | undefined {
  if (parsed.brokerUrl === undefined) {
    if (parsed.publish)
      throw new UsageError("--publish needs --broker-url (results are published to a broker)");
    if (parsed.providerVersion !== undefined) throw new UsageError("--provider-version needs --broker-url");
    return undefined;
  }
  const url = parseTargetUrl(parsed.brokerUrl);
  if (!url.ok) throw new UsageError(`--broker-url: ${url.reason}`);
  if (parsed.publish && parsed.providerVersion === undefined) {
    throw new UsageError("--publish needs --provider-version (the provider version the results are for)");
  }
  return {
    url: url.value,
    token: parsed.brokerToken,
    provider: parsed.provider,
    providerVersion: parsed.providerVersion,
    publish: parsed.publish,
  };
}

/**
 * Generous but finite: every interaction may take a dozen requests, each bounded by --timeout. A broker's
 * pacts are not counted beforehand; they get the allowance of 500 interactions.
 */
function deadlineFor(interactions: number, timeoutMs: number, broker: boolean): number {
  return 60_000 + (interactions + (broker ? 500 : 0)) * timeoutMs * 12;
}

function printOutcome(outcome: VerifyOutcome, pactOutput: string, verbose: boolean): void {
  const secrets = outcome.secrets;
  if (verbose && pactOutput !== "") {
    const text = process.stdout.isTTY === true ? pactOutput : stripAnsi(pactOutput);
    process.stdout.write(redactText(text, secrets));
  }
  for (const verification of outcome.verifications) {
    const source = verification.source.startsWith("/")
      ? relative(process.cwd(), verification.source) || verification.source
      : verification.source;
    const label = `${source}${verification.dialect === undefined ? "" : ` (${verification.dialect})`}`;
    for (const line of verificationLines({ label, verdicts: verification.verdicts }, secrets)) {
      process.stdout.write(`${line}\n`);
    }
  }
  for (const problem of outcome.problems) say(redactText(`usc pact verify: ${problem}`, secrets));
  if (outcome.fatal !== undefined) say(redactText(`usc pact verify: ${outcome.fatal}`, secrets));
}

async function runVerify(args: string[]): Promise<number> {
  const parsed = readVerifyArguments(args, process.env);
  if (parsed.help) {
    process.stdout.write(`${verifyHelp()}\n`);
    return ExitCode.ok;
  }
  // A mistyped flag is the first thing to hear about: it may be the very --pact that seems missing.
  const resolved = resolveRunConfig(parsed.runArgs, process.env, process.cwd());
  if (!resolved.ok) throw new UsageError(resolved.error.replace(/usc run/g, "usc pact verify"));
  const config = resolved.config;
  const broker = brokerOptions(parsed);
  if (parsed.pacts.length === 0 && broker === undefined) {
    throw new UsageError("give the pacts to verify: --pact FILE|DIR (repeatable) or --broker-url URL");
  }
  let interactions = 0;
  try {
    interactions = findPactFiles(parsed.pacts, process.cwd()).reduce(
      (sum, file) => sum + file.descriptions.length,
      0,
    );
  } catch (error) {
    if (error instanceof PactFileError) throw new UsageError(error.message);
    throw error;
  }
  say(
    `usc pact verify: target ${config.target ?? "the embedded reference server"}, dialect ${config.dialect}`,
  );
  let runId: string | undefined;
  const startedAt = new Date().toISOString();
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const run = verifyInWorker(
    {
      target: config.target,
      dialect: config.dialect,
      username: config.username,
      password: config.password,
      insecure: config.insecure,
      caFile: config.caFile,
      timeoutMs: config.timeoutMs,
      proxy: config.proxy,
      datastore: config.datastore,
      pacts: parsed.pacts,
      broker,
      stateDir: join(process.cwd(), defaultStateDir),
      cwd: process.cwd(),
    },
    {
      deadlineMs: deadlineFor(interactions, config.timeoutMs, broker !== undefined),
      signal: interrupt.signal,
      onNote: (line) => {
        runId ??= /^run (\S+):/.exec(line)?.[1];
        say(`usc pact verify: ${line}`);
      },
    },
  );
  const { outcome, failure, pactOutput, stderr } = await run.finally(() => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  });
  if (outcome === undefined) {
    say(`usc pact verify: ${failure ?? "no result"}`);
    if (stderr.trim() !== "") say(stderr.trim().split("\n").slice(-10).join("\n"));
    if (runId !== undefined)
      say(`usc pact verify: scratch resources may be left: usc cleanup --run-id ${runId}`);
    return ExitCode.usageOrHarnessError;
  }
  printOutcome(outcome, pactOutput, parsed.verbose);
  const code = verifyExitCode(outcome);
  if (parsed.reportDir !== undefined) {
    const reportDir = resolve(process.cwd(), parsed.reportDir);
    const run = pactRunResult(outcome, {
      dialect: config.dialect,
      embedded: config.target === undefined,
      startedAt,
      finishedAt: new Date().toISOString(),
    });
    try {
      const paths = writeReports(run, reportDir, join(reportDir, "junit.xml"), outcome.secrets);
      say(`usc pact verify: reports: ${[paths.junit, paths.results, paths.markdown, paths.html].join(", ")}`);
    } catch (error) {
      say(
        `usc pact verify: could not write the reports to ${reportDir}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return code === 0 ? ExitCode.usageOrHarnessError : code;
    }
  }
  const verdicts = outcome.verifications.flatMap((v) => v.verdicts);
  const failed = verdicts.filter((v) => v.status === "failed").length;
  process.stdout.write(
    `pact verify: ${outcome.verifications.length} pact(s), ${verdicts.length} interactions, ${failed} failed: ${code === 0 ? "verified" : code === 1 ? "the provider broke the contract" : "no verdict"}\n`,
  );
  return code;
}

export const pactCommand: Command = {
  summary: "export the contract as Pact V4 pacts, or verify a provider against pacts with Pact's verifier",
  async run(args) {
    const [sub, ...rest] = args;
    try {
      if (sub === "export") return await runExport(rest);
      if (sub === "verify") return await runVerify(rest);
      if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
        process.stdout.write(`${mainHelp}\n`);
        return sub === undefined ? ExitCode.usageOrHarnessError : ExitCode.ok;
      }
      throw new UsageError(`unknown sub-command '${sub}' (export or verify)`);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      say(`usc pact ${sub ?? ""}: ${error.message}`.replace("  ", " "));
      say(`Run 'usc pact ${sub === "export" || sub === "verify" ? `${sub} ` : ""}--help' for the options.`);
      return ExitCode.usageOrHarnessError;
    }
  },
};
