/**
 * Reference server benchmark: requests per second and p50/p99 latency of update session `get` and of a
 * create-complete cycle (create, complete, delete), 16 requests in flight, in both dialects; then the
 * `api` get side by side with a bare node:http server answering the same bytes (bench/server-host.ts), in
 * alternating rounds, with the medians and their ratio. The servers run in a child process, the client
 * here. Prints numbers; asserts nothing.
 *
 *   npm run bench:server            (3 s per measurement; BENCH_SECONDS=10 for steadier numbers;
 *                                    BENCH_ROUNDS=9 for more comparison rounds;
 *                                    BENCH_CPU_PROF=DIR writes the servers' CPU profile to DIR)
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Pool } from "undici";
import type { CpuMessage, CpuQuery, ReadyMessage, ReplayMessage } from "./server-host.ts";

const concurrency = 16;
const seconds = Number(process.env.BENCH_SECONDS ?? "3");
const credentials = { username: "administrator@vsphere.local", password: "VMware1!" };

type Dialect = "rest" | "api";

interface Call {
  method: "GET" | "POST" | "DELETE";
  path: string;
  body?: unknown;
  status: number;
}

/** BENCH_COMPARE_ONLY=1 runs the side-by-side comparison alone. */
const onlyCompare = process.env.BENCH_COMPARE_ONLY === "1";
/** Rounds of the side-by-side comparison; each measures both servers once, in turn. */
const comparisonRounds = Number(process.env.BENCH_ROUNDS ?? "5");

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
// node refuses --cpu-prof in NODE_OPTIONS, so the profile of the servers' process is asked for here.
const profileDir = process.env.BENCH_CPU_PROF;
const host = fork(fileURLToPath(new URL("./server-host.ts", import.meta.url)), [], {
  execArgv: ["--import", tsxLoader, ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
});
const [ready] = (await once(host, "message")) as [ReadyMessage];
const pool = new Pool(ready.referenceUrl, { connections: concurrency, pipelining: 1 });
const barePool = new Pool(ready.bareUrl, { connections: concurrency, pipelining: 1 });

async function send(call: Call, token?: string, authorization?: string, via = pool): Promise<unknown> {
  const response = await via.request({
    method: call.method,
    path: call.path,
    headers: {
      ...(token === undefined ? {} : { "vmware-api-session-id": token }),
      ...(authorization === undefined ? {} : { authorization }),
      ...(call.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
  });
  const text = await response.body.text();
  if (response.statusCode !== call.status) {
    throw new Error(
      `${call.method} ${call.path}: expected ${call.status}, got ${response.statusCode} ${text}`,
    );
  }
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

/** The calls of one dialect, with its paths, wrapping and status codes. */
function dialectCalls(dialect: Dialect) {
  const rest = dialect === "rest";
  const unwrap = (value: unknown) => (rest ? (value as { value: unknown }).value : value) as string;
  const sessions = rest
    ? "/rest/com/vmware/content/library/item/update-session"
    : "/api/content/library/item/update-session";
  const byId = (id: string) =>
    rest ? `${sessions}/id:${encodeURIComponent(id)}` : `${sessions}/${encodeURIComponent(id)}`;
  const created = rest ? 200 : 201;
  const done = rest ? 200 : 204;
  return {
    unwrap,
    login: {
      method: "POST",
      path: rest ? "/rest/com/vmware/cis/session" : "/api/session",
      status: created,
    } as Call,
    library: (spec: object): Call => ({
      method: "POST",
      path: rest ? "/rest/com/vmware/content/local-library" : "/api/content/local-library",
      body: rest ? { create_spec: spec } : spec,
      status: created,
    }),
    item: (spec: object): Call => ({
      method: "POST",
      path: rest ? "/rest/com/vmware/content/library/item" : "/api/content/library/item",
      body: rest ? { create_spec: spec } : spec,
      status: created,
    }),
    create: (itemId: string): Call => ({
      method: "POST",
      path: sessions,
      body: rest ? { create_spec: { library_item_id: itemId } } : { library_item_id: itemId },
      status: created,
    }),
    get: (id: string): Call => ({ method: "GET", path: byId(id), status: 200 }),
    complete: (id: string): Call => ({
      method: "POST",
      path: `${byId(id)}?${rest ? "~action" : "action"}=complete`,
      status: done,
    }),
    delete: (id: string): Call => ({ method: "DELETE", path: byId(id), status: done }),
  };
}

/** Runs `iteration` from `concurrency` workers for the measurement time and returns latencies in ms. */
async function measure(
  iteration: (worker: number) => Promise<void>,
): Promise<{ latencies: number[]; elapsed: number }> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const began = performance.now();
        await iteration(worker);
        latencies.push(performance.now() - began);
      }
    }),
  );
  return { latencies, elapsed: (performance.now() - start) / 1000 };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** CPU time the server process has used so far, in microseconds. */
async function serverCpuMicros(): Promise<number> {
  const query: CpuQuery = { kind: "cpu" };
  host.send(query);
  for (;;) {
    const [message] = (await once(host, "message")) as [CpuMessage | ReadyMessage];
    if (message.kind === "cpu") return message.micros;
  }
}

/** A measurement with the server's CPU time per request: the cost that sets throughput on an idle machine. */
async function measureServer(
  iteration: () => Promise<void>,
): Promise<{ perSecond: number; cpuMicros: number }> {
  const before = await serverCpuMicros();
  const result = await measure(iteration);
  const used = (await serverCpuMicros()) - before;
  return { perSecond: result.latencies.length / result.elapsed, cpuMicros: used / result.latencies.length };
}

/**
 * The reference server's get beside a bare node:http server answering the bytes it answered (status,
 * content type, body), the same client and concurrency, in alternating rounds so both see the same load.
 */
async function compareWithBare(get: Call, token: string): Promise<void> {
  const response = await pool.request({
    method: "GET",
    path: get.path,
    headers: { "vmware-api-session-id": token },
  });
  const body = await response.body.text();
  const replay: ReplayMessage = {
    kind: "replay",
    status: response.statusCode,
    headers: {
      "content-type": String(response.headers["content-type"]),
      "content-length": String(body.length),
    },
    body,
  };
  host.send(replay);
  const bareGet: Call = { ...get, status: replay.status };
  // A first, unrecorded round of each lets the JIT settle: otherwise round one costs several times more.
  await measure(async () => void (await send(get, token)));
  await measure(async () => void (await send(bareGet, undefined, undefined, barePool)));
  const rates = { reference: [] as number[], bare: [] as number[] };
  const cpu = { reference: [] as number[], bare: [] as number[] };
  for (let round = 0; round < comparisonRounds; round++) {
    const reference = await measureServer(async () => void (await send(get, token)));
    rates.reference.push(reference.perSecond);
    cpu.reference.push(reference.cpuMicros);
    const bare = await measureServer(async () => void (await send(bareGet, undefined, undefined, barePool)));
    rates.bare.push(bare.perSecond);
    cpu.bare.push(bare.cpuMicros);
  }
  const format = (values: number[]) =>
    values.map((value) => Math.round(value).toLocaleString("en")).join(", ");
  console.log(`api get, ${comparisonRounds} rounds of ${seconds} s each, requests/s:`);
  console.log(
    `  reference server  median ${Math.round(median(rates.reference)).toLocaleString("en")}  (${format(rates.reference)})`,
  );
  console.log(
    `  bare node:http    median ${Math.round(median(rates.bare)).toLocaleString("en")}  (${format(rates.bare)})`,
  );
  console.log(`  ratio of medians  ${(median(rates.reference) / median(rates.bare)).toFixed(2)}`);
  // On a shared machine requests/s swing with other load; the server's CPU per request does much less.
  const micros = (values: number[]) => values.map((value) => value.toFixed(1)).join(", ");
  console.log(`server CPU per request, microseconds:`);
  console.log(`  reference server  median ${median(cpu.reference).toFixed(1)}  (${micros(cpu.reference)})`);
  console.log(`  bare node:http    median ${median(cpu.bare).toFixed(1)}  (${micros(cpu.bare)})`);
  console.log(`  ratio bare/reference  ${(median(cpu.bare) / median(cpu.reference)).toFixed(2)}`);
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

function report(
  label: string,
  unit: string,
  requestsPerIteration: number,
  result: { latencies: number[]; elapsed: number },
) {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const perSecond = sorted.length / result.elapsed;
  console.log(
    [
      label.padEnd(30),
      `${Math.round(perSecond).toLocaleString("en").padStart(7)} ${unit}/s`,
      `${Math.round(perSecond * requestsPerIteration)
        .toLocaleString("en")
        .padStart(7)} requests/s`,
      `p50 ${percentile(sorted, 0.5).toFixed(2).padStart(6)} ms`,
      `p99 ${percentile(sorted, 0.99).toFixed(2).padStart(6)} ms`,
      `(${sorted.length.toLocaleString("en")} ${unit}s)`,
    ].join("  "),
  );
}

console.log(
  `reference server at ${ready.referenceUrl} (bare at ${ready.bareUrl}); concurrency ${concurrency}; ${seconds} s per measurement; Node ${process.version}`,
);
try {
  for (const dialect of ["rest", "api"] as const) {
    const calls = dialectCalls(dialect);
    const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
    const token = calls.unwrap(await send(calls.login, undefined, authorization));
    const libraryId = calls.unwrap(
      await send(
        calls.library({
          name: `bench-${dialect}`,
          storage_backings: [{ type: "DATASTORE", datastore_id: "datastore-11" }],
        }),
        token,
      ),
    );
    // One item per worker, so the cycles never contend for an item's single ACTIVE session.
    const items = await Promise.all(
      Array.from({ length: concurrency }, async (_, index) =>
        calls.unwrap(await send(calls.item({ library_id: libraryId, name: `bench-item-${index}` }), token)),
      ),
    );
    const sessionId = calls.unwrap(await send(calls.create(items[0] ?? ""), token));

    if (onlyCompare) {
      if (dialect === "api") await compareWithBare(calls.get(sessionId), token);
      continue;
    }
    report(
      `${dialect} get`,
      "request",
      1,
      await measure(async () => void (await send(calls.get(sessionId), token))),
    );
    await send(calls.complete(sessionId), token);
    await send(calls.delete(sessionId), token);

    const cycle = await measure(async (worker) => {
      const id = calls.unwrap(await send(calls.create(items[worker] ?? ""), token));
      await send(calls.complete(id), token);
      await send(calls.delete(id), token);
    });
    report(`${dialect} create-complete-delete`, "cycle", 3, cycle);
    if (dialect === "api") {
      const id = calls.unwrap(await send(calls.create(items[0] ?? ""), token));
      await compareWithBare(calls.get(id), token);
    }
  }
} finally {
  await pool.close();
  await barePool.close();
  host.disconnect();
}
