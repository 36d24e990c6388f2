// `npm test`'s static checks side by side: the type check and the lint in one process sharing one
// TypeScript program (scripts/typecheck-lint.js), the format check in another. Each is single-threaded, so
// on a machine with two cores or more running them one after another only wastes the other.
// Plain JavaScript, started by node itself: tsx's start-up would add to every `npm test`.
// Prints each check's output when it ends, and exits 1 when any of them failed.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

const checks = [
  ["typecheck + lint", [process.execPath, "scripts/typecheck-lint.js"]],
  ["format:check", ["npm", "run", "--silent", "format:check"]],
];

const outcomes = await Promise.all(
  checks.map(
    ([name, [command, ...args]]) =>
      new Promise((resolve) => {
        const started = performance.now();
        const child = spawn(command, args, {
          stdio: ["ignore", "pipe", "pipe"],
          shell: process.platform === "win32",
        });
        let output = "";
        child.stdout.setEncoding("utf8").on("data", (chunk) => (output += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk) => (output += chunk));
        child.on("error", (error) => resolve({ name, code: 1, output: `${output}${error.message}\n` }));
        child.on("close", (code) => {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          process.stdout.write(`${code === 0 ? "ok  " : "FAIL"} ${name} (${seconds} s)\n${output}`);
          resolve({ name, code, output });
        });
      }),
  ),
);
const failed = outcomes.filter((outcome) => outcome.code !== 0).map((outcome) => outcome.name);
if (failed.length > 0) process.stderr.write(`static checks failed: ${failed.join(", ")}\n`);
process.exitCode = failed.length === 0 ? 0 : 1;
