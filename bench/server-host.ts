/**
 * The servers bench/server.ts measures, in a process of their own so the client's work is not counted as
 * theirs: one reference server per module named on the command line (this tree's source, its dist/ build,
 * another tree's server), and a bare node:http server that answers every request with the bytes the parent
 * sends it (a reference server's answer to the GET being compared). Talks over the IPC channel.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

/** A reference server to start: its label in the report and the module that exports startReferenceServer. */
export interface ServerModule {
  label: string;
  module: string;
}

/**
 * The answer the bare server replays. `headers` are the reference server's own, in its order, without
 * the Date header (`dateFirst`: whether it came first) and the two Node adds itself (Connection, Keep-Alive).
 */
export interface ReplayMessage {
  kind: "replay";
  status: number;
  dateFirst: boolean;
  headers: Array<[string, string]>;
  body: string;
}

/** Asks for the CPU time this process has used (microseconds), answered as CpuMessage. */
export interface CpuQuery {
  kind: "cpu";
}

export interface CpuMessage {
  kind: "cpu";
  user: number;
  system: number;
}

/** The bare server answers with a new replay from now on. */
export interface ReplayedMessage {
  kind: "replayed";
}

export interface ReadyMessage {
  kind: "ready";
  references: Array<{ label: string; url: string }>;
  bareUrl: string;
}

interface ReferenceHandle {
  url: string;
  close(): Promise<void>;
}

const modules = JSON.parse(process.argv[2] ?? "[]") as ServerModule[];
const references: Array<{ label: string; handle: ReferenceHandle }> = [];
for (const { label, module } of modules) {
  const { startReferenceServer } = (await import(pathToFileURL(module).href)) as {
    startReferenceServer(this: void): Promise<ReferenceHandle>;
  };
  references.push({ label, handle: await startReferenceServer() });
}

let replay: ReplayMessage = { kind: "replay", status: 204, dateFirst: false, headers: [], body: "" };
let headersSecond = Number.NaN;
let headers: Record<string, string> = {};

/** The replayed headers with the Date header of this second, built once a second (and per replay). */
function currentHeaders(): Record<string, string> {
  const second = Math.floor(Date.now() / 1000);
  if (second !== headersSecond) {
    headersSecond = second;
    const date = new Date(second * 1000).toUTCString();
    headers = {};
    if (replay.dateFirst) headers.date = date;
    for (const [name, value] of replay.headers) headers[name] = value;
    if (!replay.dateFirst) headers.date = date;
  }
  return headers;
}

// The least a node:http server can do to send those bytes: answer at once, without looking at the request.
const bare = createServer((_request, response) => {
  response.writeHead(replay.status, currentHeaders());
  response.end(replay.body);
});
bare.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));

process.on("message", (message: ReplayMessage | CpuQuery) => {
  if (message.kind === "replay") {
    replay = message;
    headersSecond = Number.NaN;
    const answer: ReplayedMessage = { kind: "replayed" };
    process.send?.(answer);
  }
  if (message.kind === "cpu") {
    const { user, system } = process.cpuUsage();
    const answer: CpuMessage = { kind: "cpu", user, system };
    process.send?.(answer);
  }
});
process.on("disconnect", () => {
  bare.closeAllConnections();
  bare.close();
  for (const { handle } of references) void handle.close();
});
const ready: ReadyMessage = {
  kind: "ready",
  references: references.map(({ label, handle }) => ({ label, url: handle.url })),
  bareUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`,
};
process.send?.(ready);
