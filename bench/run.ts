/**
 * Benchmark of the main job: `usc run` against the embedded reference server, as `npm start` runs it, in a
 * fresh process each time. Prints per run and as medians: wall time, CPU (user + system), peak memory
 * (GNU time's maximum resident set), time to the first finished check (set-up's login, done before the
 * provisioning line) and to the first finished suite, and the phases read off the
 * timestamps of the run's own progress lines (start-up, provisioning, suites, teardown, reports), plus the
 * CPU per result (an upper bound of a check's marginal cost). Each round also runs one small suite alone
 * (BENCH_SMALL_SUITE, default not-found): the CPU the full run costs beyond that run, per result beyond its
 * results, is a check's marginal cost, with start-up, provisioning and reports taken out.
 * Asserts nothing: machines here are shared and noisy.
 *
 *   npx tsx bench/run.ts [runs, default 5] [extra usc run arguments...]
 *
 * With BENCH_BASELINE=<another checkout> (e.g. `git archive` of the commit before a change, with a symlink to
 * this node_modules), each round runs that checkout's bin/usc.js and then this one's, and the medians of both
 * and their ratio are printed: measured in one run, side by side, so the machine's load hits both alike.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const binary = fileURLToPath(new URL("../bin/usc.js", import.meta.url));
const baseline = process.env["BENCH_BASELINE"];
const baselineBinary = baseline === undefined ? undefined : join(baseline, "bin", "usc.js");
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

const smallSuite = process.env["BENCH_SMALL_SUITE"] ?? "not-found";

function once(usc: string, more: readonly string[] = []): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), "usc-bench-run-"));
  const timeFile = join(dir, "time.txt");
  const started = performance.now();
  const child = spawn(
    "/usr/bin/time",
    ["-f", "%U %S %M", "-o", timeFile, process.execPath, usc, "run", "--report-dir", dir, ...extra, ...more],
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
    // The run's first check is set-up's target.login, done before the provisioning line is printed.
    "first check done": at("provisioning", Number.NaN),
    "first suite done": at("first suite done", Number.NaN),
  };
}

function describe(sample: Sample): string {
  return (
    `wall ${sample.wallMs.toFixed(0)} ms, cpu ${sample.cpuMs.toFixed(0)} ms, peak ${sample.peakMiB.toFixed(0)} MiB, ${sample.checks} results; ` +
    Object.entries(phases(sample))
      .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`)
      .join(", ")
  );
}

const samples: Sample[] = [];
const baseSamples: Sample[] = [];
/** Per round: the full run's CPU beyond the small run's, per result beyond its results. */
const marginals: number[] = [];
const baseMarginals: number[] = [];
const smallArgs = ["--suite", smallSuite];

async function round(usc: string, label: string, into: Sample[], marginalsInto: number[]): Promise<void> {
  const sample = await once(usc);
  into.push(sample);
  console.log(`${label}: ${describe(sample)}`);
  const small = await once(usc, smallArgs);
  const marginal = (sample.cpuMs - small.cpuMs) / (sample.checks - small.checks);
  marginalsInto.push(marginal);
  console.log(
    `${label} --suite ${smallSuite}: cpu ${small.cpuMs.toFixed(0)} ms, ${small.checks} results; marginal ${marginal.toFixed(2)} ms cpu per check`,
  );
}

for (let i = 0; i < runs; i += 1) {
  if (baselineBinary !== undefined)
    await round(baselineBinary, `run ${i + 1} baseline`, baseSamples, baseMarginals);
  await round(binary, `run ${i + 1}`, samples, marginals);
}

/** The medians of one set of samples, by name. */
function medians(of: Sample[], marginalOf: number[]): Array<[string, number]> {
  const pick = (f: (s: Sample) => number) => median(of.map(f));
  const rows: Array<[string, number]> = [
    ["wall", pick((s) => s.wallMs)],
    ["cpu", pick((s) => s.cpuMs)],
    ["peak memory MiB", pick((s) => s.peakMiB)],
  ];
  for (const name of Object.keys(phases(of[0] as Sample)))
    rows.push([name, pick((s) => phases(s)[name] ?? Number.NaN)]);
  // The whole run's CPU per result: an upper bound of the marginal cost of one check.
  rows.push(["cpu per result", pick((s) => s.cpuMs) / pick((s) => s.checks)]);
  rows.push(["marginal cpu/check", median(marginalOf)]);
  return rows;
}

const current = medians(samples, marginals);
if (baseSamples.length === 0) {
  console.log(`\nmedians over ${runs} runs (ms unless named):`);
  for (const [name, value] of current) console.log(`  ${name.padEnd(20)} ${value.toFixed(1)}`);
} else {
  const base = new Map(medians(baseSamples, baseMarginals));
  console.log(`\nmedians over ${runs} rounds (ms unless named): baseline ${baseline}, this checkout, ratio`);
  for (const [name, value] of current) {
    const before = base.get(name) ?? Number.NaN;
    console.log(
      `  ${name.padEnd(20)} ${before.toFixed(1).padStart(8)} ${value.toFixed(1).padStart(8)} ${(value / before).toFixed(2).padStart(6)}x`,
    );
  }
}
