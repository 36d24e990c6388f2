/**
 * Reference server benchmark: requests per second and p50/p99 latency of update session `get` and of a
 * create-complete cycle (create, complete, delete), 16 requests in flight, in both dialects; then goal 5 of
 * issue 12: the `api` get side by side with a bare node:http server answering the same bytes
 * (bench/server-compare.ts), in alternating rounds, with the medians and their ratios. The servers run in a
 * child process (bench/server-host.ts), the client here. Prints numbers; asserts nothing.
 *
 *   npm run bench:server   3 s per measurement; BENCH_SECONDS=10 for steadier numbers;
 *                          BENCH_ROUNDS=9 for more comparison rounds (default 5), each taking
 *                            every server's seconds in slices of BENCH_SLICE_SECONDS (0.25) in turn;
 *                          BENCH_COMPARE_ONLY=1 for the comparison alone;
 *                          BENCH_SERVERS=source,dist compares the reference server from this tree's
 *                            source (run by tsx, the default), from its tsc build (`npm run build` first),
 *                            or `label=path/to/server/index.ts` (another tree's server), side by side;
 *                          BENCH_CPU_PROF=DIR writes the servers' CPU profile to DIR.
 *
 * Exit codes: 0 measured, 2 a setting is not usable, 3 the servers do not answer the same bytes.
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Pool } from "undici";
import { ComparisonRefused, compareWithBare, type ComparedServer } from "./server-compare.ts";
import type { ReadyMessage, ServerModule } from "./server-host.ts";
import { measure, type Measurement } from "./server-measure.ts";

const concurrency = 16;
const credentials = { username: "administrator@vsphere.local", password: "VMware1!" };
const root = fileURLToPath(new URL("..", import.meta.url));

/** Ends the process with a message, without a stack trace: the bench was set up wrong. */
function refuse(message: string): never {
  console.error(`bench:server: ${message}`);
  process.exit(2);
}

/** A numeric setting from the environment: positive, and whole where `whole`. */
function setting(name: string, fallback: number, whole: boolean): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0 && (!whole || Number.isInteger(value)))) {
    refuse(`${name} must be a positive ${whole ? "whole number" : "number"}, got '${text}'`);
  }
  return value;
}

/** The reference servers BENCH_SERVERS names: `source`, `dist` or `label=path`, comma-separated. */
function serverModules(text: string): ServerModule[] {
  const named: Record<string, string> = {
    source: resolve(root, "server/index.ts"),
    dist: resolve(root, "dist/server/index.js"),
  };
  return text.split(",").map((entry) => {
    const equals = entry.indexOf("=");
    const label = (equals === -1 ? entry : entry.slice(0, equals)).trim();
    const module = equals === -1 ? named[label] : resolve(entry.slice(equals + 1).trim());
    if (label === "" || module === undefined) {
      refuse(`BENCH_SERVERS: '${entry}' is neither source, dist nor label=path/to/server/index.ts`);
    }
    if (!existsSync(module)) {
      refuse(
        `BENCH_SERVERS: ${module} does not exist${label === "dist" ? " (run npm run build first)" : ""}`,
      );
    }
    return { label: label === "source" || label === "dist" ? `reference (${label})` : label, module };
  });
}

const seconds = setting("BENCH_SECONDS", 3, false);
const rounds = setting("BENCH_ROUNDS", 5, true);
const sliceSeconds = Math.min(seconds, setting("BENCH_SLICE_SECONDS", 0.25, false));
const onlyCompare = process.env.BENCH_COMPARE_ONLY === "1";
const modules = serverModules(process.env.BENCH_SERVERS ?? "source");

type Dialect = "rest" | "api";

interface Call {
  method: "GET" | "POST" | "DELETE";
  path: string;
  body?: unknown;
  status: number;
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
// node refuses --cpu-prof in NODE_OPTIONS, so the profile of the servers' process is asked for here.
const profileDir = process.env.BENCH_CPU_PROF;
const host = fork(fileURLToPath(new URL("./server-host.ts", import.meta.url)), [JSON.stringify(modules)], {
  execArgv: ["--import", tsxLoader, ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
});
const [ready] = (await once(host, "message")) as [ReadyMessage];
const pools = ready.references.map(({ url }) => new Pool(url, { connections: concurrency, pipelining: 1 }));
const barePool = new Pool(ready.bareUrl, { connections: concurrency, pipelining: 1 });

async function send(pool: Pool, call: Call, token?: string, authorization?: string): Promise<unknown> {
  const response = await pool.request({
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

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

function report(label: string, unit: string, requestsPerIteration: number, result: Measurement) {
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

/** A login, a library with one item per worker, and an update session on the first item. */
async function provision(pool: Pool, dialect: Dialect) {
  const calls = dialectCalls(dialect);
  const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
  const token = calls.unwrap(await send(pool, calls.login, undefined, authorization));
  const libraryId = calls.unwrap(
    await send(
      pool,
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
      calls.unwrap(
        await send(pool, calls.item({ library_id: libraryId, name: `bench-item-${index}` }), token),
      ),
    ),
  );
  const sessionId = calls.unwrap(await send(pool, calls.create(items[0] ?? ""), token));
  return { calls, token, items, sessionId };
}

/** Get and create-complete-delete in both dialects against the first reference server. */
async function measureOperations(pool: Pool): Promise<void> {
  for (const dialect of ["rest", "api"] as const) {
    const { calls, token, items, sessionId } = await provision(pool, dialect);
    const get = calls.get(sessionId);
    report(
      `${dialect} get`,
      "request",
      1,
      await measure(seconds, concurrency, async () => void (await send(pool, get, token))),
    );
    // The first item's session ends, so the cycles can open one on every item.
    await send(pool, calls.complete(sessionId), token);
    await send(pool, calls.delete(sessionId), token);
    const cycle = await measure(seconds, concurrency, async (worker) => {
      const id = calls.unwrap(await send(pool, calls.create(items[worker] ?? ""), token));
      await send(pool, calls.complete(id), token);
      await send(pool, calls.delete(id), token);
    });
    report(`${dialect} create-complete-delete`, "cycle", 3, cycle);
  }
}

/** Goal 5: every reference server's api get beside the bare server's, the same request to each. */
async function compare(): Promise<void> {
  const references: ComparedServer[] = [];
  for (const [index, { label, url }] of ready.references.entries()) {
    const pool = pools[index] as Pool;
    const { calls, token, sessionId } = await provision(pool, "api");
    const headers = { "vmware-api-session-id": token };
    references.push({ label, url, pool, path: calls.get(sessionId).path, headers });
  }
  const [first] = references as [ComparedServer];
  const bare = { ...first, label: "bare node:http", url: ready.bareUrl, pool: barePool };
  await compareWithBare(host, references, bare, { rounds, seconds, sliceSeconds, concurrency });
}

console.log(
  `${ready.references.map(({ label, url }) => `${label} at ${url}`).join(", ")}, bare node:http at ${ready.bareUrl}; concurrency ${concurrency}; ${seconds} s per measurement; Node ${process.version}`,
);
try {
  if (!onlyCompare) await measureOperations(pools[0] as Pool);
  await compare();
} catch (error) {
  if (!(error instanceof ComparisonRefused)) throw error;
  console.error(`bench:server: ${error.message}`);
  process.exitCode = 3;
} finally {
  await Promise.all([...pools, barePool].map((pool) => pool.close()));
  host.disconnect();
}
