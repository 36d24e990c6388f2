import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { directConnection } from "../src/config/index.ts";
import { createTransport } from "../src/http/index.ts";

// A kept-alive connection the server drops just as the next request arrives: the second request on each
// connection is reset, a fresh connection answers. GET is sent again; POST is not (it may have taken effect).

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function startResettingServer(): Promise<{
  url: string;
  connections: () => number;
  resets: () => number;
}> {
  let connections = 0;
  let resets = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let requests = 0;
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString("latin1");
      while (buffered.includes("\r\n\r\n")) {
        const end = buffered.indexOf("\r\n\r\n") + 4;
        const head = buffered.slice(0, end);
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + length) return;
        buffered = buffered.slice(end + length);
        requests += 1;
        if (requests > 1) {
          resets += 1;
          socket.resetAndDestroy();
          return;
        }
        const body = JSON.stringify({ connection: connections });
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nkeep-alive: timeout=60\r\n\r\n${body}`,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    resets: () => resets,
  };
}

/** undici hands a connection back to its pool a moment after the response ended; only then is it reused. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

function transport() {
  const created = createTransport({ insecure: false, timeoutMs: 2_000, proxy: directConnection });
  cleanups.push(() => created.close());
  return created;
}

it("a GET reset on a reused connection is sent again on a fresh one and answered", async () => {
  const server = await startResettingServer();
  const client = transport();
  const first = await client.send({ method: "GET", url: `${server.url}/a`, operationId: "a" });
  expect(first.response?.status).toBe(200);
  await settle();
  const second = await client.send({ method: "GET", url: `${server.url}/b`, operationId: "b" });
  expect(second.networkError).toBeUndefined();
  expect(second.response?.status).toBe(200);
  expect({ connections: server.connections(), resets: server.resets() }).toEqual({
    connections: 2,
    resets: 1,
  });
});

it("a POST reset on a reused connection is not sent again: the reset is reported", async () => {
  const server = await startResettingServer();
  const client = transport();
  const first = await client.send({ method: "POST", url: `${server.url}/a`, body: "{}", operationId: "a" });
  expect(first.response?.status).toBe(200);
  await settle();
  const second = await client.send({ method: "POST", url: `${server.url}/b`, body: "{}", operationId: "b" });
  expect(second.response).toBeUndefined();
  expect(second.networkError).toMatch(/reset|closed|socket/i);
  expect({ connections: server.connections(), resets: server.resets() }).toEqual({
    connections: 1,
    resets: 1,
  });
});
