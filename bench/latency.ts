/**
 * How the run behaves against a distant target: the reference server behind a proxy that adds a fixed
 * latency to every request (default 20 ms), and `usc run` against the proxy. Prints the run's wall time
 * and its critical path: start-up and provisioning (measured), then the longest suite instance's requests
 * times the latency (its checks follow one another) or the expiry suite's own duration, whichever is
 * longer, then teardown and reports (measured). The ratio says how well the suites overlap. Asserts nothing: machines here are shared and noisy.
 *
 *   npx tsx bench/latency.ts [latency ms, default 20] [extra usc run arguments...]
 */
import { spawn } from "node:child_process";
import { createServer, request as httpRequest } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultCredentials, startReferenceServer } from "../server/index.ts";
import type { RunResult } from "../src/results/model.ts";

const latencyMs = Number(process.argv[2] ?? 20);
const extra = process.argv.slice(3);
const binary = fileURLToPath(new URL("../bin/usc.js", import.meta.url));

interface Measured {
  wallMs: number;
  results: RunResult;
  requests: number;
  /** From the start to the first suite, and from the end of the suites to the exit: sequential phases. */
  setupMs: number;
  teardownMs: number;
}

/** One `usc run` against the reference server behind a proxy that delays every request by `delayMs`. */
async function measure(delayMs: number): Promise<Measured> {
  // The documented idle timeout, and none given to the run: a vCenter as the run sees it, with the default
  // --concurrency for such a target (the checks that wait for expiry skip there).
  const server = await startReferenceServer({});
  const upstream = new URL(server.url);
  let requests = 0;
  const proxy = createServer((incoming, outgoing) => {
    requests += 1;
    setTimeout(() => {
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: incoming.url,
          method: incoming.method,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.on("error", () => outgoing.destroy());
      incoming.pipe(forward);
    }, delayMs);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), "usc-bench-latency-"));
  const started = performance.now();
  let suitesFrom = Number.NaN;
  let suitesUntil = Number.NaN;
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [binary, "run", "--target", url, "--report-dir", dir, ...extra], {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        ...process.env,
        NO_COLOR: "1",
        USC_USERNAME: defaultCredentials.username,
        USC_PASSWORD: defaultCredentials.password,
      },
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      // Provisioning is announced as it starts and ends where the suites begin; teardown is announced.
      if (Number.isNaN(suitesFrom) && /provisioning scratch resources/.test(chunk))
        suitesFrom = performance.now();
      if (/removing scratch resources/.test(chunk)) suitesUntil = performance.now();
    });
    child.on("close", resolve);
  });
  const wallMs = performance.now() - started;
  const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as RunResult;
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`usc run exited ${code} at ${delayMs} ms latency`);
  return {
    wallMs,
    results,
    requests,
    setupMs: suitesFrom - started,
    teardownMs: started + wallMs - suitesUntil,
  };
}

/** Requests of the longest suite instance (one suite in one dialect): its checks run one after another. */
function longestInstance(results: RunResult): { name: string; requests: number } {
  const instances = new Map<string, { requests: number }>();
  for (const check of results.checks) {
    if (check.id === "protocol.response-schema") continue;
    const key = `${check.suite} [${check.dialect}]`;
    const entry = instances.get(key) ?? { requests: 0 };
    entry.requests += check.transcript.length;
    instances.set(key, entry);
  }
  let best = { name: "", requests: 0 };
  for (const [name, entry] of instances)
    if (entry.requests > best.requests) best = { name, requests: entry.requests };
  return best;
}

const near = await measure(0);
const far = await measure(latencyMs);
const inside = longestInstance(far.results);
const expiryChain = Math.max(
  ...["rest", "api"].map((dialect) =>
    far.results.checks
      .filter((check) => check.suite === "expiry" && check.dialect === dialect)
      .reduce((sum, check) => sum + check.durationMs, 0),
  ),
);
// Start-up and provisioning (measured, it includes the provisioning requests) come before any suite; the
// longest suite instance's requests, or the expiry suite's waits, whichever is longer; then teardown.
const suitesMs = Math.max(inside.requests * latencyMs, expiryChain);
const criticalMs = far.setupMs + suitesMs + far.teardownMs;
console.log(`latency per request            ${latencyMs} ms`);
console.log(`run without added latency      ${near.wallMs.toFixed(0)} ms wall, ${near.requests} requests`);
console.log(`run with it                    ${far.wallMs.toFixed(0)} ms wall, ${far.requests} requests`);
console.log(`  start-up and provisioning    ${far.setupMs.toFixed(0)} ms`);
console.log(`  teardown and reports         ${far.teardownMs.toFixed(0)} ms`);
console.log(
  `longest suite instance         ${inside.name}: ${inside.requests} requests, ${(inside.requests * latencyMs).toFixed(0)} ms of latency`,
);
console.log(`expiry chain (with latency)    ${expiryChain.toFixed(0)} ms`);
console.log(`critical path                  ${criticalMs.toFixed(0)} ms`);
console.log(`run / critical path            ${(far.wallMs / criticalMs).toFixed(2)}x`);
