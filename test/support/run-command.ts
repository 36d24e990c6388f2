import { execFile } from "node:child_process";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion, bounded by `timeoutMs`; never throws for a non-zero exit, so assertions can
 * show its output. A failure to start or a timeout is reported in stderr with code 1.
 */
export function runCommand(
  file: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({
          code,
          stdout,
          stderr: stderr + (error !== null && code === 1 ? `\n${error.message}` : ""),
        });
      },
    );
  });
}
