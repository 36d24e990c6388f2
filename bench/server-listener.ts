/**
 * The reference server's own CPU per update session get: its request listener called in-process with a
 * stand-in request and response, no socket, no client. bench/server.ts measures goal 5 of issue 12 (the
 * whole server beside a bare node:http one), where Node's HTTP and the kernel's writes are most of the
 * cost and a loaded machine moves every number; this isolates the part the server's code decides, so a
 * change to it shows even under load. Trees are measured in alternating rounds.
 *
 *   npx tsx bench/server-listener.ts [TREE ...]   each TREE a checkout's root (default: this one);
 *                                                 BENCH_REQUESTS=N gets per round (default 100000),
 *                                                 BENCH_ROUNDS=N rounds (default 5).
 *
 * Exit codes: 0 measured, 2 a setting or tree is not usable, 3 a tree's get did not answer 200.
 */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as DeviationsModule from "../server/deviations/index.ts";
import type * as FaultsModule from "../server/faults.ts";
import type * as HttpModule from "../server/http.ts";
import type * as ItemsModule from "../server/operations/items.ts";
import type * as LibrariesModule from "../server/operations/libraries.ts";
import type * as SessionsModule from "../server/operations/update-sessions.ts";
import type * as ClockModule from "../server/state/clock.ts";
import type * as StoreModule from "../server/state/store.ts";

type Listener = (request: object, response: object) => void;

type ServerModules = [
  typeof HttpModule,
  typeof DeviationsModule,
  typeof FaultsModule,
  typeof StoreModule,
  typeof ClockModule,
  typeof LibrariesModule,
  typeof ItemsModule,
  typeof SessionsModule,
];

function refuse(message: string, code: number): never {
  console.error(`bench:server-listener: ${message}`);
  process.exit(code);
}

function whole(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!(Number.isInteger(value) && value > 0))
    refuse(`${name} must be a positive whole number, got '${text}'`, 2);
  return value;
}

const requests = whole("BENCH_REQUESTS", 100_000);
const rounds = whole("BENCH_ROUNDS", 5);
const trees = process.argv.slice(2).map((tree) => resolve(tree));
if (trees.length === 0) trees.push(fileURLToPath(new URL("..", import.meta.url)));
for (const tree of trees) {
  if (!existsSync(resolve(tree, "server/http.ts"))) refuse(`${tree} has no server/http.ts`, 2);
}

const token = "0123456789abcdef0123456789abcdef";
const dialectPaths = {
  api: (id: string) => `/api/content/library/item/update-session/${encodeURIComponent(id)}`,
  rest: (id: string) => `/rest/com/vmware/content/library/item/update-session/id:${encodeURIComponent(id)}`,
};

/** What a tree's listener wrote: the last status, and bytes so the work cannot be optimized away. */
const written = { status: 0, bytes: 0 };
const response = {
  headersSent: false,
  setHeader() {},
  writeHead(status: number) {
    written.status = status;
  },
  end(body: { length: number } | undefined) {
    written.bytes += body?.length ?? 0;
  },
  destroy() {},
};

/** A tree's faithful listener on a store with one update session and one login, as startReferenceServer builds it. */
async function listenerOf(tree: string): Promise<{ listener: Listener; sessionId: string }> {
  // Another tree's modules have this tree's shape: the bench compares versions of one server.
  const load = (path: string): Promise<unknown> => import(pathToFileURL(resolve(tree, path)).href);
  const [
    { createRequestListener },
    { overridesOf },
    { Faults },
    { Store },
    { systemClock },
    { createLocalLibrary },
    { createItem },
    { createUpdateSession },
  ] = (await Promise.all([
    load("server/http.ts"),
    load("server/deviations/index.ts"),
    load("server/faults.ts"),
    load("server/state/store.ts"),
    load("server/state/clock.ts"),
    load("server/operations/libraries.ts"),
    load("server/operations/items.ts"),
    load("server/operations/update-sessions.ts"),
  ])) as ServerModules;
  const overrides = overridesOf(new Faults([]));
  const store = new Store({
    clock: systemClock,
    idleTimeoutMs: 300_000,
    overrides,
    users: [{ username: "u", password: "p", privileges: undefined }],
  });
  const now = store.now();
  store.addApiSession({ token, username: "u", createdAt: now, lastAccessedAt: now });
  const shutdown = new AbortController().signal;
  const context = {
    store,
    user: "u",
    origin: "http://127.0.0.1:1",
    tlsThumbprint: undefined,
    overrides,
    shutdown,
  };
  const backing = { type: "DATASTORE", datastore_id: "datastore-11" };
  const libraryId = createLocalLibrary(context, { name: "bench", storage_backings: [backing] });
  const itemId = createItem(context, { library_id: libraryId, name: "bench-item" });
  const sessionId = createUpdateSession(context, { library_item_id: itemId }, undefined);
  const listener = createRequestListener({
    store,
    overrides,
    baseUrl: () => "http://127.0.0.1:1",
    tlsThumbprint: undefined,
    shutdown,
  }) as unknown as Listener;
  return { listener, sessionId };
}

/** CPU microseconds per get over `count` gets (a new request object each, as Node makes one). */
function cpuPerGet(listener: Listener, url: string, count: number): number {
  const headers = { host: "127.0.0.1:1", "vmware-api-session-id": token };
  const before = process.cpuUsage();
  for (let index = 0; index < count; index++) {
    listener({ method: "GET", url, httpVersion: "1.1", headers }, response);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const measured = [];
for (const tree of trees) {
  const { listener, sessionId } = await listenerOf(tree);
  for (const dialect of ["api", "rest"] as const) {
    const url = dialectPaths[dialect](sessionId);
    written.status = 0;
    cpuPerGet(listener, url, Math.min(requests, 20_000)); // warm-up: the JIT settles
    if (written.status !== 200) refuse(`${tree}: ${dialect} get answered ${written.status}, not 200`, 3);
    measured.push({ tree, dialect, listener, url, samples: [] as number[] });
  }
}
const loadBefore = loadavg()
  .map((value) => value.toFixed(2))
  .join(" ");
for (let round = 0; round < rounds; round++) {
  for (const entry of measured) entry.samples.push(cpuPerGet(entry.listener, entry.url, requests));
}
console.log(
  `server's own CPU per get, in-process (no sockets): median of ${rounds} rounds x ${requests.toLocaleString("en")} gets, trees in turn; Node ${process.version}; load average ${loadBefore} before, ${loadavg()
    .map((value) => value.toFixed(2))
    .join(" ")} after`,
);
for (const entry of measured) {
  const first = measured.find((other) => other.dialect === entry.dialect) ?? entry;
  const ratio = median(entry.samples) / median(first.samples);
  console.log(
    `  ${entry.dialect.padEnd(5)}${median(entry.samples).toFixed(2).padStart(6)} µs  (${entry.samples.map((value) => value.toFixed(2)).join(", ")})  ${ratio.toFixed(2)}x the first tree's  ${entry.tree}`,
  );
}
