import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ExchangeLog, ReferenceClient } from "./support/reference-client.ts";
import { uscInProcess } from "./support/usc-in-process.ts";

// `usc serve` takes its options from USC_* variables and a --config file as `usc run` does:
// flag > environment > config file > default.
const binary = fileURLToPath(new URL("../bin/usc.js", import.meta.url));

/** Starts `usc serve`, logs in as the given user, stops it; the token is undefined when login failed. */
async function loginThrough(args: string[], env: NodeJS.ProcessEnv, user: [string, string]) {
  const child = spawn(process.execPath, [binary, "serve", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const match = /^listening on (http:\/\/\S+)\n/.exec(stdout);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on("exit", () => reject(new Error(`usc serve exited early: ${stderr}`)));
  });
  try {
    return await new ReferenceClient(url, new ExchangeLog()).login("api", ...user).catch(() => undefined);
  } finally {
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  }
}

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "usc-serve-config-")), "serve.yaml");
  writeFileSync(path, text);
  return path;
}

describe("usc serve options from the environment and a config file", { timeout: 60_000 }, () => {
  it("takes the credentials from USC_USERNAME and USC_PASSWORD", async () => {
    const token = await loginThrough([], { USC_USERNAME: "env-user", USC_PASSWORD: "env-secret" }, [
      "env-user",
      "env-secret",
    ]);
    expect(token).toMatch(/\S/);
  });

  it("takes them from --config, and a flag beats the environment, which beats the file", async () => {
    const file = configFile("username: file-user\npassword: file-secret\n");
    expect(await loginThrough(["--config", file], {}, ["file-user", "file-secret"])).toMatch(/\S/);
    const mixed = await loginThrough(
      ["--config", file, "--username", "flag-user"],
      {
        USC_USERNAME: "env-user",
        USC_PASSWORD: "env-secret",
      },
      ["flag-user", "env-secret"],
    );
    expect(mixed).toMatch(/\S/);
  });

  // Refused before serving: in this process (test/support/usc-in-process.ts).
  it("validates values from every source alike, and refuses unknown config keys", async () => {
    const fromEnv = await uscInProcess(["serve"], { env: { USC_IDLE_TIMEOUT: "-1" } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain("--idle-timeout must be a positive number of seconds, got '-1'");
    const unknown = await uscInProcess(["serve", "--config", configFile("idle-timout: 5\n")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option 'idle-timout'");
    const badFault = await uscInProcess(["serve", "--config", configFile("fault: [no-such-fault]\n")]);
    expect(badFault.code).toBe(2);
    expect(badFault.stderr).toContain("unknown fault 'no-such-fault'");
  });
});
