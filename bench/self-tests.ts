/**
 * Benchmark of `npm test`: its two phases as the README's command runs them, the static checks
 * (scripts/static-checks.js) and then `vitest run`, each timed for wall and CPU (user + system of the phase
 * and every process it started, from GNU time), with the load average before and after, the test files
 * that took longest (wall, as vitest saw them: import, hooks and tests), and every test that used more than
 * a third of its timeout (a margin under 3x, flaky on a busier machine). Asserts nothing.
 *
 *   npx tsx bench/self-tests.ts [--fresh] [--vitest-only] [--top N] [test file filters...]
 *
 * By default it measures this checkout as it is, with whatever caches earlier runs left (tsc's build info,
 * ESLint's and Prettier's caches, the packed tarball): what a developer running `npm test` again sees.
 * Filters (vitest's) measure those test files only. --fresh measures what CI sees: a clone of HEAD (committed work only) in a temporary folder, `npm ci` there
 * (timed, but not part of `npm test`), no caches; the clone is removed afterwards.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { SelfTestDurations } from "./support/file-durations-reporter.ts";

const { values, positionals: filters } = parseArgs({
  options: {
    fresh: { type: "boolean" },
    "vitest-only": { type: "boolean" },
    top: { type: "string", default: "15" },
  },
  allowPositionals: true,
});
const here = fileURLToPath(new URL("..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "usc-bench-self-tests-"));

interface Timed {
  code: number | null;
  wallS: number;
  cpuS: number;
  output: string;
}

/** Runs a command under GNU time in `cwd`; its output is kept for the failure message, not printed. */
function timed(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Timed> {
  const timeFile = join(scratch, "time.txt");
  const started = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "%U %S", "-o", timeFile, command, ...args], {
    cwd,
    env: { ...process.env, ...env, NO_COLOR: "1", CI: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const [user = Number.NaN, system = Number.NaN] = readFileSync(timeFile, "utf8")
        .trim()
        .split(/\s+/)
        .slice(-2)
        .map(Number);
      resolve({ code, wallS: (performance.now() - started) / 1000, cpuS: user + system, output });
    });
  });
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

function line(name: string, run: Timed): string {
  const verdict = run.code === 0 ? "ok" : `FAILED (exit ${run.code})`;
  return `${name.padEnd(14)} ${run.wallS.toFixed(1).padStart(7)} s wall ${run.cpuS.toFixed(1).padStart(7)} s cpu  ${verdict}`;
}

let checkout = here;
try {
  if (values.fresh === true) {
    checkout = join(scratch, "clone");
    const clone = await timed(scratch, "git", ["clone", "--quiet", here, checkout]);
    if (clone.code !== 0) throw new Error(`git clone failed:\n${clone.output}`);
    const install = await timed(checkout, "npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"]);
    console.log(line("npm ci", install));
    if (install.code !== 0) throw new Error(`npm ci failed:\n${install.output}`);
  }
  console.log(
    `measuring ${checkout}${values.fresh === true ? " (fresh clone of HEAD)" : ""}; load ${load()}`,
  );
  const staticChecks =
    values["vitest-only"] === true
      ? { code: 0, wallS: 0, cpuS: 0, output: "" }
      : await timed(checkout, process.execPath, ["scripts/static-checks.js"]);
  if (values["vitest-only"] !== true) console.log(line("static checks", staticChecks));
  const durations = join(scratch, "durations.json");
  const reporter = join(checkout, "bench", "support", "file-durations-reporter.ts");
  const vitest = await timed(
    checkout,
    process.execPath,
    [
      join(checkout, "node_modules", "vitest", "vitest.mjs"),
      "run",
      "--reporter=dot",
      `--reporter=${reporter}`,
      ...filters,
    ],
    { USC_FILE_DURATIONS: durations },
  );
  console.log(line("vitest run", vitest));
  const summary = /Tests\s+.*$/m.exec(vitest.output)?.[0];
  if (summary !== undefined) console.log(`               ${summary.trim()}`);
  const total: Timed = {
    code: staticChecks.code === 0 ? vitest.code : staticChecks.code,
    wallS: staticChecks.wallS + vitest.wallS,
    cpuS: staticChecks.cpuS + vitest.cpuS,
    output: "",
  };
  console.log(line("npm test", total));
  console.log(`load after: ${load()}`);
  const { files, tight } = JSON.parse(readFileSync(durations, "utf8")) as SelfTestDurations;
  files.sort((a, b) => b.ms - a.ms);
  console.log(
    `\nlongest of ${files.length} test files (wall as vitest saw it, the files running two at a time):`,
  );
  for (const file of files.slice(0, Number(values.top)))
    console.log(
      `  ${(file.ms / 1000).toFixed(1).padStart(6)} s  ${String(file.tests).padStart(4)} tests  ${file.file}`,
    );
  console.log(`\ntests that used more than a third of their timeout: ${tight.length === 0 ? "none" : ""}`);
  for (const test of tight)
    console.log(
      `  ${(test.ms / 1000).toFixed(1)} s of ${(test.timeoutMs / 1000).toFixed(0)} s  ${test.file} > ${test.test}`,
    );
  if (total.code !== 0) {
    process.stderr.write(`\n${staticChecks.code === 0 ? vitest.output : staticChecks.output}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
