import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const binary = fileURLToPath(new URL("../../bin/usc.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `usc` as a separate process, as a user would, bounded in time so a hang fails the test instead of stalling it. */
export function runCli(
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binary, ...args], {
      // Colour is decided per test: a FORCE_COLOR or NO_COLOR of the caller's shell must not leak in.
      env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...options.env },
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`usc ${args.join(" ")} did not finish within ${options.timeoutMs ?? 90_000} ms`));
    }, options.timeoutMs ?? 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
