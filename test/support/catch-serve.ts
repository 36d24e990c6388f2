import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const binary = fileURLToPath(new URL("../../bin/usc.js", import.meta.url));

/** Starts `usc serve` with the arguments, waits for its "listening on" line, stops it with SIGTERM. */
export async function serveUntilListening(
  args: string[],
): Promise<{ firstLine: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [binary, "serve", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = once(child, "exit");
  const firstLine = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (stdout.includes("\n")) resolve(stdout.split("\n")[0] ?? "");
    });
    child.on("exit", () => reject(new Error(`usc serve exited early: ${stderr}`)));
  });
  child.kill("SIGTERM");
  const [code] = (await exited) as [number | null];
  return { firstLine, stderr, code };
}
