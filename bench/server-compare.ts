/**
 * Goal 5 of issue 12: the reference server's GET of one update session beside a bare node:http server
 * answering the same bytes, one client, the same request, in alternating rounds so every server sees the
 * same load. Before measuring, the raw answers are compared: the bare server must send the reference
 * server's status line, header lines (names, order, values but the Date) and body.
 */
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { loadavg } from "node:os";
import type { Pool } from "undici";
import { measure, median } from "./server-measure.ts";
import { parseHead, rawGet } from "./server-raw.ts";
import type { CpuMessage, CpuQuery, ReplayedMessage, ReplayMessage } from "./server-host.ts";

/** One server under comparison: where to send the GET, and with which headers. */
export interface ComparedServer {
  label: string;
  url: string;
  pool: Pool;
  path: string;
  headers: Record<string, string>;
}

export interface ComparisonSettings {
  rounds: number;
  /** Each server's measuring time per round. */
  seconds: number;
  /** A round alternates the servers every this many seconds, so a burst of other load hits them alike. */
  sliceSeconds: number;
  concurrency: number;
}

/** Raised when the bare server's answer is not the reference server's: the comparison would mean nothing. */
export class ComparisonRefused extends Error {}

/** What one server did in one round: requests, seconds measuring, CPU microseconds used. */
interface Tally {
  requests: number;
  elapsed: number;
  user: number;
  system: number;
}

/** Sends the host a message and waits for its answer of the given kind. */
async function ask<T extends { kind: string }>(
  host: ChildProcess,
  message: object,
  kind: T["kind"],
): Promise<T> {
  host.send(message);
  for (;;) {
    const [answer] = (await once(host, "message")) as [{ kind: string }];
    if (answer.kind === kind) return answer as T;
  }
}

function serverCpu(host: ChildProcess): Promise<CpuMessage> {
  const query: CpuQuery = { kind: "cpu" };
  return ask<CpuMessage>(host, query, "cpu");
}

/** The GET the clients repeat: status checked, body read (not parsed: the client's work is not measured). */
async function get(server: ComparedServer): Promise<void> {
  const response = await server.pool.request({ method: "GET", path: server.path, headers: server.headers });
  await response.body.text();
  if (response.statusCode !== 200)
    throw new Error(`${server.label}: GET ${server.path} answered ${response.statusCode}`);
}

/** Measures one slice of a server's round and adds it to the server's tally. */
async function slice(
  host: ChildProcess,
  server: ComparedServer,
  seconds: number,
  concurrency: number,
  tally: Tally,
): Promise<void> {
  const before = await serverCpu(host);
  const result = await measure(seconds, concurrency, () => get(server));
  const after = await serverCpu(host);
  tally.requests += result.latencies.length;
  tally.elapsed += result.elapsed;
  tally.user += after.user - before.user;
  tally.system += after.system - before.system;
}

/** One round: every server measured for `seconds` in all, in slices taken in turn (each slice starting one further). */
async function round(
  host: ChildProcess,
  servers: ComparedServer[],
  settings: ComparisonSettings,
): Promise<Tally[]> {
  const tallies = servers.map(() => ({ requests: 0, elapsed: 0, user: 0, system: 0 }));
  const slices = Math.max(1, Math.round(settings.seconds / settings.sliceSeconds));
  for (let index = 0; index < slices; index++) {
    for (let turn = 0; turn < servers.length; turn++) {
      const which = (index + turn) % servers.length;
      const seconds = settings.seconds / slices;
      await slice(
        host,
        servers[which] as ComparedServer,
        seconds,
        settings.concurrency,
        tallies[which] as Tally,
      );
    }
  }
  return tallies;
}

/** The answer with the parts that differ between equivalent answers (Date, ids, times) made equal. */
function normalized(response: string): string {
  return response
    .replace(/^(date): .*$/im, "$1: <date>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>");
}

/**
 * Tells the bare server to replay the first reference server's answer and checks, on the wire, that every
 * server answers the same bytes (the bare one exactly, but for the Date; other reference servers, but for
 * their own ids and times).
 */
async function replayFirst(
  host: ChildProcess,
  references: ComparedServer[],
  bare: ComparedServer,
): Promise<void> {
  const [first] = references;
  if (first === undefined) throw new ComparisonRefused("no reference server to compare");
  const answer = await rawGet(first.url, first.path, first.headers);
  const head = parseHead(answer);
  const isNodeOwn = (name: string) => /^(connection|keep-alive)$/i.test(name);
  const dateIndex = head.headers.findIndex(([name]) => /^date$/i.test(name));
  const replay: ReplayMessage = {
    kind: "replay",
    status: head.status,
    dateFirst: dateIndex === 0,
    headers: head.headers.filter(([name], index) => index !== dateIndex && !isNodeOwn(name)),
    body: head.body,
  };
  await ask<ReplayedMessage>(host, replay, "replayed");
  const expected = normalized(answer);
  for (const server of [...references.slice(1), bare]) {
    const other = normalized(await rawGet(server.url, server.path, server.headers));
    if (other !== expected) {
      throw new ComparisonRefused(
        `${server.label} does not answer the bytes ${first.label} answers:\n${JSON.stringify(expected)}\n${JSON.stringify(other)}`,
      );
    }
  }
  console.log(
    `raw answers compared: ${references.length + 1} servers send the same bytes (${answer.length} bytes)`,
  );
}

const whole = (value: number) => Math.round(value).toLocaleString("en");
const tenth = (value: number) => value.toFixed(1);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

/** Measures every server in each round (see round) and prints the medians over rounds and their ratios. */
export async function compareWithBare(
  host: ChildProcess,
  references: ComparedServer[],
  bare: ComparedServer,
  settings: ComparisonSettings,
): Promise<void> {
  await replayFirst(host, references, bare);
  const servers = [...references, bare];
  // A first, unrecorded round lets the JIT settle: otherwise round one costs several times more.
  for (const server of servers) await measure(settings.seconds, settings.concurrency, () => get(server));
  const loadBefore = load();
  const rounds: Tally[][] = [];
  for (let index = 0; index < settings.rounds; index++) rounds.push(await round(host, servers, settings));
  const summary = servers.map((server, index) => {
    const taken = rounds.map((tallies) => tallies[index] as Tally);
    return {
      label: server.label,
      rates: taken.map((tally) => tally.requests / tally.elapsed),
      cpu: median(taken.map((tally) => (tally.user + tally.system) / tally.requests)),
      user: median(taken.map((tally) => tally.user / tally.requests)),
      system: median(taken.map((tally) => tally.system / tally.requests)),
    };
  });
  const bareSummary = summary[summary.length - 1] as (typeof summary)[number];
  console.log(
    `api get, ${settings.rounds} rounds of ${settings.seconds} s per server (in slices of ${settings.sliceSeconds} s taken in turn), one client, ${settings.concurrency} connections; load average ${loadBefore} before, ${load()} after`,
  );
  console.log(
    "server                 requests/s median (rounds)                 CPU per request, µs: median user+sys (user, sys)",
  );
  for (const entry of summary) {
    console.log(
      `  ${entry.label.padEnd(20)} ${whole(median(entry.rates)).padStart(7)}  (${entry.rates.map(whole).join(", ")})  ${tenth(entry.cpu)} (${tenth(entry.user)}, ${tenth(entry.system)})`,
    );
  }
  for (const entry of summary.slice(0, -1)) {
    const rateRatio = median(entry.rates) / median(bareSummary.rates);
    // The rounds' own ratios: both servers of a round saw the same bursts of other load.
    const paired = entry.rates.map((rate, round) => rate / (bareSummary.rates[round] ?? Number.NaN));
    console.log(
      `  ${entry.label}: requests/s ${rateRatio.toFixed(2)}x the bare server's (goal 5: at least 0.90, ${rateRatio >= 0.9 ? "met" : "not met"}; per round ${paired.map((ratio) => ratio.toFixed(2)).join(", ")}); CPU per request ${(entry.cpu / bareSummary.cpu).toFixed(2)}x`,
    );
  }
}
