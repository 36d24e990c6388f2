/**
 * Benchmark of the main job: `usc run` against the embedded reference server, as `npm start` runs it, in a
 * fresh process each time. Prints per run and as medians: wall time, CPU (user + system), peak memory
 * (GNU time's maximum resident set), time to the first finished suite, and the phases read off the
 * timestamps of the run's own progress lines (start-up, provisioning, suites, teardown, reports), plus the
 * CPU per result (an upper bound of a check's marginal cost). Asserts nothing: machines here are shared and noisy.
 *
 *   npx tsx bench/run.ts [runs, default 5] [extra usc run arguments...]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const binary = fileURLToPath(new URL("../bin/usc.js", import.meta.url));
const runs = Number(process.argv[2] ?? 5);
const extra = process.argv.slice(3);

interface Sample {
  wallMs: number;
  cpuMs: number;
  peakMiB: number;
  checks: number;
  /** Milliseconds from the process start to each marker. */
  marks: Record<string, number>;
}

/** The progress lines that begin each phase; the first match of each is its time. */
const markers: Array<[string, RegExp]> = [
  ["server listening", /embedded reference server listening/],
  ["provisioning", /provisioning scratch resources/],
  ["first suite done", /^(PASS|FAIL|WARN|SKIP|BLOCKED|ERROR)\s/],
  ["teardown", /removing scratch resources/],
  ["reports", /^\d+ checks: .*verdict/],
];

function once(): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), "usc-bench-run-"));
  const timeFile = join(dir, "time.txt");
  const started = performance.now();
  const child = spawn(
    "/usr/bin/time",
    ["-f", "%U %S %M", "-o", timeFile, process.execPath, binary, "run", "--report-dir", dir, ...extra],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
  );
  const marks: Record<string, number> = {};
  let buffered = "";
  const onData = (chunk: Buffer) => {
    const at = performance.now() - started;
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      for (const [name, pattern] of markers)
        if (marks[name] === undefined && pattern.test(line)) marks[name] = at;
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  return new Promise((resolve, reject) => {
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      try {
        if (code !== 0) throw new Error(`usc run exited ${code}`);
        const [user, system, peakKiB] = readFileSync(timeFile, "utf8")
          .trim()
          .split(/\s+/)
          .slice(-3)
          .map(Number);
        const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as { checks: unknown[] };
        resolve({
          wallMs,
          cpuMs: ((user ?? 0) + (system ?? 0)) * 1000,
          peakMiB: (peakKiB ?? 0) / 1024,
          checks: results.checks.length,
          marks,
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

function phases(sample: Sample): Record<string, number> {
  const m = sample.marks;
  const at = (name: string, fallback: number) => m[name] ?? fallback;
  const provisioning = at("provisioning", 0);
  const teardown = at("teardown", sample.wallMs);
  const reports = at("reports", sample.wallMs);
  return {
    "start-up": provisioning,
    "provisioning+suites": teardown - provisioning,
    teardown: reports - teardown,
    "reports+exit": sample.wallMs - reports,
    "first suite done": at("first suite done", Number.NaN),
  };
}

const samples: Sample[] = [];
for (let i = 0; i < runs; i += 1) {
  const sample = await once();
  samples.push(sample);
  const p = phases(sample);
  console.log(
    `run ${i + 1}: wall ${sample.wallMs.toFixed(0)} ms, cpu ${sample.cpuMs.toFixed(0)} ms, peak ${sample.peakMiB.toFixed(0)} MiB, ${sample.checks} results; ` +
      Object.entries(p)
        .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`)
        .join(", "),
  );
}
const pick = (f: (s: Sample) => number) => median(samples.map(f));
console.log(`\nmedians over ${runs} runs:`);
console.log(`  wall          ${pick((s) => s.wallMs).toFixed(0)} ms`);
console.log(`  cpu           ${pick((s) => s.cpuMs).toFixed(0)} ms`);
console.log(`  peak memory   ${pick((s) => s.peakMiB).toFixed(0)} MiB`);
for (const name of Object.keys(phases(samples[0] as Sample)))
  console.log(`  ${name.padEnd(20)} ${pick((s) => phases(s)[name] ?? Number.NaN).toFixed(0)} ms`);
// The whole run's CPU per result: an upper bound of the marginal cost of one check.
console.log(
  `  cpu per result ${(pick((s) => s.cpuMs) / pick((s) => s.checks)).toFixed(1)} ms (whole run / results)`,
);
