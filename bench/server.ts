/**
 * Reference server benchmark: requests per second and p50/p99 latency of update session `get` and of a
 * create-complete cycle (create, complete, delete), 16 requests in flight, in both dialects. The server
 * runs in this process, so the numbers include the client's cost too. Prints numbers; asserts nothing.
 *
 *   npm run bench:server            (3 s per measurement; BENCH_SECONDS=10 for steadier numbers)
 */
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import { startReferenceServer } from "../server/index.ts";

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

const server = await startReferenceServer();
const pool = new Pool(server.url, { connections: concurrency, pipelining: 1 });

async function send(call: Call, token?: string, authorization?: string): Promise<unknown> {
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
  `reference server at ${server.url}; concurrency ${concurrency}; ${seconds} s per measurement; Node ${process.version}`,
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
  }
} finally {
  await pool.close();
  await server.close();
}
