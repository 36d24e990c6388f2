import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import {
  defaultCredentials,
  defaultIdleTimeoutSeconds,
  defaultLoginIdleTimeoutSeconds,
  faultNames,
  faultTable,
  startReferenceServer,
  type ReferenceServerOptions,
} from "../../server/index.ts";
import type { Command } from "./command.ts";
import { ExitCode } from "./exit-codes.ts";
import { parseArguments, UsageError, type FlagTable } from "../config/arguments.ts";
import { usageFailure } from "./usage.ts";
import { cliEnv } from "./context.ts";

const help = `Usage: usc serve [options]

Runs the reference implementation of the update session API, both dialects (/rest and /api) on one
shared state, until SIGINT (Ctrl-C) or SIGTERM. The first line on stdout is "listening on <url>".

Options:
  --host HOST              interface to listen on (default 127.0.0.1)
  --port PORT              port, 0 picks a free one (default 0)
  --username USER          login user (default ${defaultCredentials.username})
  --password PASSWORD      login password (default ${defaultCredentials.password})
  --idle-timeout SECONDS   seconds without activity before an update session expires (default ${defaultIdleTimeoutSeconds})
  --login-idle-timeout SECONDS
                           seconds a login session (API session token) may go unused before it expires
                           (default ${defaultLoginIdleTimeoutSeconds}, as on vCenter)
  --tls-cert FILE          serve HTTPS with this PEM certificate (needs --tls-key)
  --tls-key FILE           the PEM private key of --tls-cert
  --fault NAME             switch on a named deviation from the documents (repeatable); for self-tests
  --config FILE            YAML file whose keys are these option names (host, port, username, password,
                           idle-timeout, login-idle-timeout, tls-cert, tls-key, fault: a list)
  --list-faults            list every fault with what it does and the checks meant to catch it, then exit
  -h, --help               show this help

As for usc run, USC_HOST, USC_PORT, USC_USERNAME, USC_PASSWORD, USC_IDLE_TIMEOUT, USC_LOGIN_IDLE_TIMEOUT
and USC_CONFIG set the same options; precedence: flag > environment variable > config file > default.

Log in with HTTP Basic: POST /rest/com/vmware/cis/session or POST /api/session.`;

/** The options a file or the environment may set: every valued flag but the fault list and --config. */
const settable = [
  "host",
  "port",
  "username",
  "password",
  "idle-timeout",
  "login-idle-timeout",
  "tls-cert",
  "tls-key",
] as const;
type Settable = (typeof settable)[number];

const envName = (option: string) => `USC_${option.toUpperCase().replace(/-/g, "_")}`;

/** The option values of a --config file: a YAML mapping of option names to scalars (fault: a list). */
function readConfigFile(path: string): { values: Partial<Record<Settable, string>>; faults: string[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new UsageError(`cannot read --config ${path}: ${reason}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `config file ${path}: ${error instanceof Error ? error.message.split("\n")[0] : ""}`,
    );
  }
  if (document === null || document === undefined) return { values: {}, faults: [] };
  if (typeof document !== "object" || Array.isArray(document))
    throw new UsageError(`config file ${path} must be a mapping of option names to values`);
  const values: Partial<Record<Settable, string>> = {};
  let faults: string[] = [];
  for (const [key, value] of Object.entries(document)) {
    const name = key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    if (name === "fault" || name === "faults") {
      if (!Array.isArray(value) || !value.every((item) => typeof item === "string"))
        throw new UsageError(`config file ${path}: ${key} must be a list of fault names`);
      faults = value;
    } else if ((settable as readonly string[]).includes(name)) {
      if (typeof value !== "string" && typeof value !== "number")
        throw new UsageError(`config file ${path}: ${key} must be a single value`);
      values[name as Settable] = String(value);
    } else {
      throw new UsageError(`config file ${path}: unknown option '${key}'; usc serve --help lists them`);
    }
  }
  return { values, faults };
}

/** Every fault: its name, what it does, where it shows and the checks meant to catch it. */
function faultList(): string {
  const lines = faultTable.flatMap((fault) => [
    fault.name,
    `    ${fault.description}`,
    `    dialects: ${fault.dialects.join(", ")}`,
    `    caught by: ${fault.catchers.join(", ")}`,
  ]);
  return `${lines.join("\n")}\n\n${faultTable.length} faults; start one with usc serve --fault NAME.`;
}

function readFaults(names: string[] | undefined): string[] {
  const unknown = (names ?? []).filter((name) => !(faultNames as readonly string[]).includes(name));
  if (unknown.length > 0) {
    // A near name (same words, another order or one word off) is the likely intent; the full list is long.
    const near = (name: string) => {
      const words = new Set(name.split("-"));
      return faultNames.filter((known) => known.split("-").filter((word) => words.has(word)).length >= 2);
    };
    const hints = unknown.flatMap(near);
    throw new UsageError(
      `unknown fault ${unknown.map((name) => `'${name}'`).join(", ")}${
        hints.length > 0 ? ` (did you mean ${hints.slice(0, 3).join(", ")}?)` : ""
      }; usc serve --list-faults lists all ${faultNames.length}`,
    );
  }
  return [...new Set(names ?? [])];
}

function readNumber(
  text: string | undefined,
  flag: string,
  check: (value: number) => boolean,
  expected: string,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !check(value))
    throw new UsageError(`--${flag} must be ${expected}, got '${text}'`);
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function readPem(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new UsageError(`cannot read --${flag} ${path}: ${reason}`);
  }
}

const flags = {
  host: { type: "string" },
  port: { type: "string" },
  username: { type: "string" },
  password: { type: "string" },
  "idle-timeout": { type: "string", valueName: "SECONDS" },
  "login-idle-timeout": { type: "string", valueName: "SECONDS" },
  "tls-cert": { type: "string", valueName: "FILE" },
  "tls-key": { type: "string", valueName: "FILE" },
  fault: { type: "string", multiple: true, valueName: "NAME" },
  config: { type: "string", valueName: "FILE" },
  "list-faults": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagTable;

/** Turns the command line into server options; a UsageError for anything a user could get wrong. */
function parseOptions(
  args: string[],
  env: NodeJS.ProcessEnv,
): ReferenceServerOptions | "help" | "list-faults" {
  const { values } = parseArguments(args, flags);
  if (values.help === true) return "help";
  if (values["list-faults"] === true) return "list-faults";
  // flag > environment > config file, as for usc run.
  const configPath = values.config ?? nonEmpty(env["USC_CONFIG"]);
  const file = configPath === undefined ? { values: {}, faults: [] } : readConfigFile(configPath);
  for (const option of settable) {
    const fallback = nonEmpty(env[envName(option)]) ?? file.values[option];
    if (values[option] === undefined && fallback !== undefined) values[option] = fallback;
  }
  const faults = readFaults(values.fault ?? (file.faults.length > 0 ? file.faults : undefined));
  if ((values["tls-cert"] === undefined) !== (values["tls-key"] === undefined)) {
    throw new UsageError("--tls-cert and --tls-key go together");
  }
  if (values.host !== undefined && values.host.trim() === "")
    throw new UsageError("--host must not be empty");
  const port = readNumber(
    values.port,
    "port",
    (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
    "an integer from 0 to 65535",
  );
  const idleTimeout = readNumber(
    values["idle-timeout"],
    "idle-timeout",
    (n) => Number.isFinite(n) && n > 0,
    "a positive number of seconds",
  );
  const loginIdleTimeout = readNumber(
    values["login-idle-timeout"],
    "login-idle-timeout",
    (n) => Number.isFinite(n) && n > 0,
    "a positive number of seconds",
  );
  return {
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(port === undefined ? {} : { port }),
    ...(values.username === undefined ? {} : { username: values.username }),
    ...(values.password === undefined ? {} : { password: values.password }),
    ...(idleTimeout === undefined ? {} : { idleTimeoutSeconds: idleTimeout }),
    ...(loginIdleTimeout === undefined ? {} : { loginIdleTimeoutSeconds: loginIdleTimeout }),
    ...(faults.length === 0 ? {} : { faults }),
    ...(values["tls-cert"] === undefined || values["tls-key"] === undefined
      ? {}
      : {
          tls: { cert: readPem(values["tls-cert"], "tls-cert"), key: readPem(values["tls-key"], "tls-key") },
        }),
  };
}

function untilSignalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

async function run(args: string[]): Promise<number> {
  let options: ReferenceServerOptions | "help" | "list-faults";
  try {
    options = parseOptions(args, cliEnv());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    usageFailure("serve", error);
    return ExitCode.usageOrHarnessError;
  }
  if (options === "help") {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  if (options === "list-faults") {
    process.stdout.write(`${faultList()}\n`);
    return ExitCode.ok;
  }
  let server;
  try {
    server = await startReferenceServer(options);
  } catch (error) {
    // Address in use, a host that does not resolve, a key that does not fit the certificate: not a crash.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`usc serve: cannot start: ${message}\n`);
    return ExitCode.usageOrHarnessError;
  }
  const signalled = untilSignalled();
  process.stdout.write(`listening on ${server.url}\n`);
  if (options.faults !== undefined) {
    process.stderr.write(`usc serve: NOT CONFORMING on purpose, faults: ${options.faults.join(", ")}\n`);
  }
  const signal = await signalled;
  await server.close();
  process.stderr.write(`usc serve: stopped (${signal})\n`);
  return ExitCode.ok;
}

export const serveCommand: Command = {
  summary: "run the reference server (both dialects) until interrupted",
  run,
};
