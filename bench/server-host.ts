/**
 * The servers bench/server.ts measures, in a process of their own so the client's work is not counted as
 * theirs: the reference server, and a bare node:http server that answers every request with the bytes the
 * parent sends it (the reference server's answer to the GET being compared). Talks over the IPC channel.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startReferenceServer } from "../server/index.ts";

export interface ReplayMessage {
  kind: "replay";
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Asks for the CPU time this process has used (user + system, microseconds), answered as CpuMessage. */
export interface CpuQuery {
  kind: "cpu";
}

export interface CpuMessage {
  kind: "cpu";
  micros: number;
}

export interface ReadyMessage {
  kind: "ready";
  referenceUrl: string;
  bareUrl: string;
}

const reference = await startReferenceServer();
let replay: ReplayMessage = { kind: "replay", status: 204, headers: {}, body: "" };
// The least a node:http server can do: answer at once, without looking at the request.
const bare = createServer((_request, response) => {
  response.writeHead(replay.status, replay.headers);
  response.end(replay.body);
});
bare.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));

process.on("message", (message: ReplayMessage | CpuQuery) => {
  if (message.kind === "replay") replay = message;
  if (message.kind === "cpu") {
    const { user, system } = process.cpuUsage();
    const answer: CpuMessage = { kind: "cpu", micros: user + system };
    process.send?.(answer);
  }
});
process.on("disconnect", () => {
  bare.closeAllConnections();
  bare.close();
  void reference.close();
});
const ready: ReadyMessage = {
  kind: "ready",
  referenceUrl: reference.url,
  bareUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`,
};
process.send?.(ready);
