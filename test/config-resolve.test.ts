import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  describeConfig,
  optionTable,
  resolveRunConfig,
  runHelpText,
  type RunConfig,
} from "../src/config/index.ts";
import { configTempDir } from "./support/config-temp.ts";

let temp: ReturnType<typeof configTempDir>;
beforeEach(() => {
  temp = configTempDir();
});
afterEach(() => {
  temp.remove();
});

function resolved(argv: string[], env: NodeJS.ProcessEnv = {}): RunConfig {
  const result = resolveRunConfig(argv, env, temp.dir);
  if (!result.ok) throw new Error(`expected a configuration, got: ${result.error}`);
  return result.config;
}

function failure(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = resolveRunConfig(argv, env, temp.dir);
  if (result.ok) throw new Error("expected an error, got a configuration");
  return result.error;
}

describe("defaults", () => {
  it("resolves every option with nothing given", () => {
    const config = resolved([]);
    expect(config).toMatchObject({
      target: undefined,
      dialect: "both",
      username: undefined,
      password: undefined,
      insecure: false,
      caFile: undefined,
      failOn: "must",
      reportDir: join(temp.dir, "reports"),
      junit: join(temp.dir, "reports", "junit.xml"),
      timeoutMs: 10_000,
      idleTimeoutSeconds: undefined,
      concurrency: 4,
      list: false,
      help: false,
    });
    expect(config.sources.timeoutMs).toBe("default");
  });

  it("puts the JUnit file under the chosen report directory by default", () => {
    expect(resolved(["--report-dir", "out"]).junit).toBe(join(temp.dir, "out", "junit.xml"));
  });
});

describe("precedence: flag > environment > file > default", () => {
  const file = (text: string) => temp.write("usc.yaml", text);

  it("takes each option from the highest source that sets it", () => {
    const config = file("timeout: 3000\nconcurrency: 2\ndialect: api\nfail-on: should\n");
    const result = resolved(["--config", config, "--timeout", "1000"], {
      USC_TIMEOUT: "2000",
      USC_CONCURRENCY: "3",
    });
    expect(result.timeoutMs).toBe(1000);
    expect(result.concurrency).toBe(3);
    expect(result.dialect).toBe("api");
    expect(result.failOn).toBe("should");
    expect(result.grep).toBeUndefined();
    expect(result.sources).toMatchObject({
      timeoutMs: "--timeout",
      concurrency: "USC_CONCURRENCY",
      dialect: `${config}:3`,
      grep: "default",
    });
  });

  it("applies the same order to every option in the table", () => {
    const caFile = temp.write("ca.pem", "not checked here");
    const samples: Record<string, [string, string, string]> = {
      target: ["http://flag.example", "http://env.example", "http://file.example"],
      profile: ["certification", "certification", "certification"],
      "sign-key": [caFile, caFile, caFile],
      dialect: ["rest", "api", "auto"],
      username: ["flag-user", "env-user", "file-user"],
      password: ["flag-pw", "env-pw", "file-pw"],
      "other-username": ["flag-other", "env-other", "file-other"],
      "other-password": ["flag-opw", "env-opw", "file-opw"],
      "limited-username": ["flag-limited", "env-limited", "file-limited"],
      "limited-password": ["flag-lpw", "env-lpw", "file-lpw"],
      "ca-file": [caFile, caFile, caFile],
      "expected-failures": [caFile, caFile, caFile],
      datastore: ["ds-flag", "ds-env", "ds-file"],
      "subscribed-item": ["si-flag", "si-env", "si-file"],
      grep: ["flag", "env", "file"],
      suite: ["lifecycle", "auth,expiry", "files"],
      check: ["lifecycle.*", "auth.unauthenticated.create,expiry.*", "files.add.*"],
      exclude: ["wrong-state.*", "auth.privilege.*,model.*", "preview.*"],
      "fail-on": ["should", "must", "should"],
      "report-dir": [join(temp.dir, "f"), join(temp.dir, "e"), join(temp.dir, "y")],
      junit: [join(temp.dir, "f.xml"), join(temp.dir, "e.xml"), join(temp.dir, "y.xml")],
      "junit-transcripts": ["all", "none", "failures"],
      timeout: ["1", "2", "3"],
      "idle-timeout": ["4", "5", "6"],
      concurrency: ["5", "6", "7"],
    };
    for (const spec of optionTable) {
      if (!spec.inFile) continue;
      const switchOption = spec.valueName === undefined;
      const [flagValue, envValue, fileValue] = switchOption
        ? ["true", "false", "true"]
        : (samples[spec.name] ?? []);
      if (flagValue === undefined || envValue === undefined || fileValue === undefined) {
        throw new Error(`no sample values for --${spec.name}`);
      }
      const config = file(
        `${spec.name}: ${JSON.stringify(switchOption ? fileValue === "true" : fileValue)}\n`,
      );
      const env = { [spec.env ?? ""]: envValue };
      // The other credential half, so credential checks do not interfere.
      const pairs: Partial<Record<string, Record<string, string>>> = {
        username: { USC_PASSWORD: "x" },
        password: { USC_USERNAME: "x" },
        otherUsername: { USC_OTHER_PASSWORD: "x" },
        otherPassword: { USC_OTHER_USERNAME: "x" },
        limitedUsername: { USC_LIMITED_PASSWORD: "x" },
        limitedPassword: { USC_LIMITED_USERNAME: "x" },
      };
      const pair = pairs[spec.field] ?? {};
      const fromFlag = resolved(["--config", config, `--${spec.name}=${flagValue}`], { ...env, ...pair });
      const fromEnv = resolved(["--config", config], { ...env, ...pair });
      const fromFile = resolved(["--config", config], pair);
      expect(fromFlag.sources[spec.field], spec.name).toBe(`--${spec.name}`);
      expect(fromEnv.sources[spec.field], spec.name).toBe(spec.env);
      expect(fromFile.sources[spec.field], spec.name).toBe(`${config}:1`);
      if (!switchOption) {
        const shown = (config: RunConfig) => String(config[spec.field]);
        expect(shown(fromFlag), spec.name).toContain(flagValue.replace(/^http:\/\//, ""));
        expect(shown(fromEnv), spec.name).toContain(envValue.replace(/^http:\/\//, ""));
        expect(shown(fromFile), spec.name).toContain(fileValue.replace(/^http:\/\//, ""));
      } else {
        expect([fromFlag[spec.field], fromEnv[spec.field], fromFile[spec.field]], spec.name).toEqual([
          true,
          false,
          true,
        ]);
      }
    }
  });

  it("lets --no-insecure turn off what the environment turned on", () => {
    expect(resolved([], { USC_INSECURE: "1" }).insecure).toBe(true);
    expect(resolved(["--no-insecure"], { USC_INSECURE: "1" }).insecure).toBe(false);
  });

  it("treats an empty environment variable as unset", () => {
    expect(resolved([], { USC_TIMEOUT: "" }).timeoutMs).toBe(10_000);
  });

  it("takes the config file from USC_CONFIG, and --config over it", () => {
    const fromEnv = file("concurrency: 9\n");
    const other = temp.write("other.yaml", "concurrency: 8\n");
    expect(resolved([], { USC_CONFIG: fromEnv }).concurrency).toBe(9);
    expect(resolved(["--config", other], { USC_CONFIG: fromEnv }).concurrency).toBe(8);
  });

  it("accepts camelCase keys and resolves relative paths in the file against the file's directory", () => {
    mkdirSync(join(temp.dir, "conf"));
    temp.write("conf/ca.pem", "pem");
    const config = temp.write(
      "conf/usc.yaml",
      "caFile: ca.pem\nreportDir: out\nfailOn: should\ninsecure: yes\n",
    );
    const result = resolved(["--config", config]);
    expect(result.caFile).toBe(join(temp.dir, "conf", "ca.pem"));
    expect(result.reportDir).toBe(join(temp.dir, "conf", "out"));
    expect(result.failOn).toBe("should");
    expect(result.insecure).toBe(true);
  });

  it("treats an empty file and a key without a value as setting nothing", () => {
    expect(resolved(["--config", file("")]).timeoutMs).toBe(10_000);
    expect(resolved(["--config", file("timeout:\n")]).timeoutMs).toBe(10_000);
  });
});

describe("proxy settings come from the standard environment variables", () => {
  it("prefers the lower-case forms, as curl does", () => {
    const config = resolved([], {
      HTTPS_PROXY: "http://upper:1",
      https_proxy: "http://lower:2",
      HTTP_PROXY: "http://plain:3",
      NO_PROXY: "localhost,.corp",
    });
    expect(config.proxy).toEqual({
      httpsProxy: "http://lower:2",
      httpProxy: "http://plain:3",
      noProxy: "localhost,.corp",
    });
  });

  it("rejects a proxy variable that is not a URL without echoing it", () => {
    const error = failure([], { HTTPS_PROXY: "user:secret@proxy" });
    expect(error).toContain("HTTPS_PROXY");
    expect(error).not.toContain("secret");
  });
});

describe("errors: one sentence naming the option and its source, never a throw", () => {
  it.each([
    [["--tagret", "x"], "Unknown option '--tagret' (did you mean --target?)"],
    [["stray"], "Unexpected argument 'stray'"],
    [["--timeout"], "--timeout needs a value"],
    [["--grep", "--list"], "--grep needs a value"],
    [["--dialect", "xml"], "Invalid --dialect: expected one of rest, api, both, auto, got 'xml'."],
    [["--fail-on=may"], "Invalid --fail-on: expected one of must, should, got 'may'."],
    [["--timeout", "10s"], "Invalid --timeout: expected a whole number of milliseconds, got '10s'."],
    [["--timeout", "0"], "Invalid --timeout: expected milliseconds between 1 and 3600000, got 0."],
    [["--concurrency", "-2"], "Invalid --concurrency: expected a whole number of suites, got '-2'."],
    [
      ["--target", "ftp://host"],
      "Invalid --target: expected an http:// or https:// URL, got the scheme 'ftp'.",
    ],
    [["--target", "vcenter"], "Invalid --target: expected an http:// or https:// URL"],
    [["--target", "https://h/?x=1"], "Invalid --target: expected a base URL without query or fragment."],
    [["--insecure=maybe"], "Invalid --insecure: expected true or false, got 'maybe'."],
    [["--grep", "("], "Invalid --grep: '(' is not a valid regular expression"],
    [["--ca-file", "missing.pem"], "Invalid --ca-file: the file '"],
    [["--config", "missing.yaml"], "(--config) does not exist."],
    [["--config="], "Invalid --config: expected a file path."],
  ])("%j -> %s", (argv, message) => {
    expect(failure(argv)).toContain(message);
  });

  it("names the environment variable when the value came from there", () => {
    expect(failure([], { USC_TIMEOUT: "soon" })).toBe(
      "Invalid USC_TIMEOUT (environment variable): expected a whole number of milliseconds, got 'soon'.",
    );
    expect(failure([], { USC_DIALECT: "soap" })).toContain("USC_DIALECT (environment variable)");
  });

  it("names the file and line when the value came from the config file", () => {
    const config = temp.write("usc.yaml", "# comment\ntimeout: 5000\ndialect: soap\n");
    expect(failure(["--config", config])).toBe(
      `Invalid ${config}:3 (dialect): expected one of rest, api, both, auto, got 'soap'.`,
    );
  });

  it("rejects an unknown key in the file with its line", () => {
    const config = temp.write("usc.yaml", "timeout: 5000\ntimout: 4\n");
    expect(failure(["--config", config])).toBe(
      `Config file ${config}:2: unknown option 'timout' (did you mean timeout?).`,
    );
  });

  it("rejects malformed YAML, a non-mapping file and nested values", () => {
    expect(failure(["--config", temp.write("a.yaml", "timeout: [1, 2\n")])).toMatch(
      /a\.yaml:\d+ is not valid YAML/,
    );
    expect(failure(["--config", temp.write("b.yaml", "- timeout\n")])).toContain("must be a mapping");
    expect(failure(["--config", temp.write("c.yaml", "target:\n  url: x\n")])).toContain(
      "c.yaml:1: 'target' must be a single value",
    );
    expect(failure(["--config", temp.write("d.yaml", "timeout: 1\ntimeout: 2\n")])).toContain(
      "not valid YAML",
    );
    expect(failure(["--config", temp.write("e.yaml", "ca-file: x\ncaFile: y\n")])).toContain(
      "e.yaml:2: 'caFile' sets ca-file a second time",
    );
    expect(failure(["--config", temp.write("f.yaml", "config: other.yaml\n")])).toContain(
      "cannot be set in a config file",
    );
  });

  it("rejects a config path that is a directory", () => {
    expect(failure(["--config", temp.dir])).toContain("cannot be read");
  });

  it("rejects half the credentials, naming where the given half came from", () => {
    expect(failure(["--username", "admin"])).toBe(
      "A username is set by --username but no password: set USC_PASSWORD (preferred) or --password.",
    );
    expect(failure([], { USC_PASSWORD: "pw" })).toBe(
      "A password is set by USC_PASSWORD (environment variable) but no username: set USC_USERNAME or --username.",
    );
    expect(failure(["--limited-username", "reader"])).toBe(
      "A limited user is set by --limited-username but no password: set USC_LIMITED_PASSWORD (preferred) or --limited-password.",
    );
    expect(failure([], { USC_LIMITED_PASSWORD: "pw" })).toBe(
      "A limited user's password is set by USC_LIMITED_PASSWORD (environment variable) but no username: set USC_LIMITED_USERNAME or --limited-username.",
    );
  });

  it("rejects a target URL with credentials and points to the environment variables, without echoing them", () => {
    const error = failure(["--target", "https://root:hunter2@vc.example"]);
    expect(error).toBe(
      "Invalid --target: the URL must not carry credentials; set USC_USERNAME and USC_PASSWORD instead.",
    );
    expect(failure([], { USC_TARGET: "https://root:hunter2@vc.example" })).not.toContain("hunter2");
  });

  it("never repeats a password in an error", () => {
    expect(failure(["--password="], { USC_USERNAME: "u" })).not.toContain("hunter2");
    const error = failure(["--password"]);
    expect(error).toContain("--password needs a value");
  });

  it("lets --help win over other mistakes", () => {
    const result = resolveRunConfig(["--timeout", "x", "--help"], { USC_DIALECT: "bad" }, temp.dir);
    expect(result.ok && result.config.help).toBe(true);
    expect(resolved(["-h"]).help).toBe(true);
  });
});

describe("help and log output", () => {
  it("documents every option with its flag, value and environment variable", () => {
    const help = runHelpText();
    for (const spec of optionTable) {
      expect(help).toContain(`--${spec.name}${spec.valueName === undefined ? "" : ` ${spec.valueName}`}`);
      if (spec.env !== undefined) expect(help).toContain(`env ${spec.env}`);
    }
    for (const name of [
      "HTTPS_PROXY",
      "NO_PROXY",
      "Exit codes",
      "flag > environment variable > config file",
    ]) {
      expect(help).toContain(name);
    }
    expect(help).toMatch(/--password SECRET\s+.*Prefer the environment variable/);
    expect(help.split("\n").every((line) => line.length <= 110)).toBe(true);
  });

  it("describes the configuration without the password or proxy credentials", () => {
    const config = resolved(["--target", "https://vc.example"], {
      USC_USERNAME: "admin",
      USC_PASSWORD: "hunter2",
      HTTPS_PROXY: "http://proxyuser:proxypass@proxy.example:3128",
    });
    const text = describeConfig(config);
    expect(text).toContain("target: https://vc.example (--target)");
    expect(text).toContain("username: admin (USC_USERNAME)");
    expect(text).toContain("password: (set) (USC_PASSWORD)");
    expect(text).toContain("https proxy: http://<redacted>@proxy.example:3128");
    expect(text).not.toMatch(/hunter2|proxypass|proxyuser/);
    expect(describeConfig(resolved([]))).toContain("target: embedded reference server (default)");
  });
});
