/**
 * `usc` for shell scripts a test runs, answered in the test's own process (test/support/usc-in-process.ts):
 * a `usc` shell function sends its arguments and working directory over a loopback socket (bash's
 * /dev/tcp, no other tool), the test's process runs `main` with them and writes the call's stdout and
 * stderr to the files the function named, and the function prints them to its own streams and returns
 * the exit code. It talks on descriptor 9: bash 3.2 (macOS's) has no {name} descriptors. For scripts
 * whose commands, exit codes and outputs are the point rather than the usc process: each call saves a
 * process that loads the whole harness (0.3 to 0.8 CPU-seconds).
 *
 * The request, NUL-separated: the number of arguments, the working directory, the stdout file, the stderr
 * file, then the arguments. The answer: the exit code and a newline.
 */
import { writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { uscInProcess } from "./usc-in-process.ts";

export interface UscSocket {
  /** Bash defining `usc`: the function to prepend to a script. */
  bashFunction: string;
  close(): Promise<void>;
}

/** Answers one request on `socket` once it is whole. */
function answer(socket: Socket, env: NodeJS.ProcessEnv, timeoutMs: number): void {
  let received = "";
  let started = false;
  socket.setEncoding("utf8").on("data", (chunk: string) => {
    received += chunk;
    const fields = received.split("\0");
    const count = Number(fields[0]);
    // Whole once the count, the three paths and every argument each ended with a NUL.
    if (started || !Number.isInteger(count) || fields.length < count + 5) return;
    started = true;
    const [, cwd = "", stdoutFile = "", stderrFile = "", ...rest] = fields;
    const args = rest.slice(0, count);
    uscInProcess(args, { cwd, env, timeoutMs }).then(
      (result) => {
        writeFileSync(stdoutFile, result.stdout);
        writeFileSync(stderrFile, result.stderr);
        socket.end(`${result.code}\n`);
      },
      (error: unknown) => {
        writeFileSync(stdoutFile, "");
        writeFileSync(stderrFile, `usc socket: ${error instanceof Error ? error.message : String(error)}\n`);
        socket.end("70\n");
      },
    );
  });
}

/** Listens on a loopback port; `env` is set for every call (as runCli's `env`). */
export async function startUscSocket(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<UscSocket> {
  const server = createServer((socket) => answer(socket, env, timeoutMs));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const bashFunction = `usc() {
  local out err code
  out=$(mktemp) && err=$(mktemp) || return 70
  exec 9<>/dev/tcp/127.0.0.1/${port} || { rm -f "$out" "$err"; return 70; }
  printf '%s\\0' "$#" "$PWD" "$out" "$err" "$@" >&9
  read -r code <&9
  exec 9>&-
  cat "$out"; cat "$err" >&2
  rm -f "$out" "$err"
  return "\${code:-70}"
}`;
  return {
    bashFunction,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
