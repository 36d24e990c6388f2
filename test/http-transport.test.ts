import { afterEach, describe, expect, it } from "vitest";
import { createTransport, type Transport } from "../src/http/index.ts";
import { directConnection } from "../src/config/index.ts";
import {
  closedPort,
  startHangingServer,
  startHttpServer,
  type RunningServer,
} from "./support/http-servers.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function transport(options: Partial<Parameters<typeof createTransport>[0]> = {}): Transport {
  const created = createTransport({ insecure: false, timeoutMs: 2_000, proxy: directConnection, ...options });
  cleanups.push(() => created.close());
  return created;
}

async function server(start: Promise<RunningServer>): Promise<RunningServer> {
  const running = await start;
  cleanups.push(() => running.close());
  return running;
}

describe("exchanges", () => {
  it("records request and response, body read as UTF-8 text", async () => {
    const echo = await server(
      startHttpServer((request, response) => {
        let body = "";
        request.setEncoding("utf8");
        request.on("data", (chunk: string) => (body += chunk));
        request.on("end", () => {
          response.writeHead(201, { "content-type": "application/json", "x-seen": request.method ?? "" });
          response.end(JSON.stringify({ got: body, note: "grüße" }));
        });
      }),
    );
    const exchange = await transport().send({
      method: "POST",
      url: `${echo.url}/api/thing?action=create`,
      headers: { "Content-Type": "application/json" },
      body: '{"a":1}',
      operationId: "thing.create",
    });
    expect(exchange.networkError).toBeUndefined();
    expect(exchange.operationId).toBe("thing.create");
    expect(exchange.request).toEqual({
      method: "POST",
      url: `${echo.url}/api/thing?action=create`,
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(exchange.response?.status).toBe(201);
    expect(exchange.response?.headers["x-seen"]).toBe("POST");
    expect(JSON.parse(exchange.response?.body ?? "")).toEqual({ got: '{"a":1}', note: "grüße" });
    expect(exchange.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("keeps a binary request body out of the transcript", async () => {
    const sink = await server(
      startHttpServer((request, response) => request.resume().on("end", () => response.end())),
    );
    const exchange = await transport().send({
      method: "PUT",
      url: sink.url,
      body: new Uint8Array([0xff, 0xfe, 0]),
    });
    expect(exchange.request.body).toBe("<binary body: 3 bytes>");
    expect(exchange.response?.status).toBe(200);
  });
});

describe("network problems become words, never throws", () => {
  it("bounds a server that accepts and never answers", async () => {
    const hanging = await server(startHangingServer());
    const started = Date.now();
    const exchange = await transport({ timeoutMs: 300 }).send({ method: "GET", url: hanging.url });
    expect(exchange.response).toBeUndefined();
    expect(exchange.networkError).toBe("no response within 300 ms");
    expect(Date.now() - started).toBeLessThan(300 + 700);
  }, 5_000);

  it("bounds a body that starts and never ends", async () => {
    const trickle = await server(
      startHttpServer((_request, response) => {
        response.writeHead(200, { "content-type": "text/plain" });
        response.write("first bytes");
      }),
    );
    const started = Date.now();
    const exchange = await transport({ timeoutMs: 300 }).send({ method: "GET", url: trickle.url });
    expect(exchange.networkError).toBe("no response within 300 ms");
    expect(exchange.response).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
  }, 5_000);

  it("reports a refused connection with the address", async () => {
    const port = await closedPort();
    const exchange = await transport().send({ method: "GET", url: `http://127.0.0.1:${port}/api/session` });
    expect(exchange.networkError).toBe(`connection refused by 127.0.0.1:${port}`);
    expect(exchange.response).toBeUndefined();
  });

  it("reports a host that does not resolve", async () => {
    const exchange = await transport({ timeoutMs: 3_000 }).send({
      method: "GET",
      url: "http://no-such-host.invalid/",
    });
    expect(exchange.networkError).toMatch(
      /^(host not found: no-such-host\.invalid|no response within 3000 ms)/,
    );
  }, 5_000);

  it("refuses to read a body over the cap", async () => {
    const big = await server(
      startHttpServer((_request, response) => {
        response.writeHead(200, { "content-type": "application/octet-stream" });
        response.end(Buffer.alloc(9 * 1024 * 1024, 97));
      }),
    );
    const exchange = await transport().send({ method: "GET", url: big.url });
    expect(exchange.networkError).toBe("response body over 8 MiB");
    expect(exchange.response).toBeUndefined();

    const small = await transport({ maxBodyBytes: 1024 }).send({ method: "GET", url: big.url });
    expect(small.networkError).toBe("response body over 1 KiB");
  });

  it("answers an invalid URL with words", async () => {
    const exchange = await transport().send({ method: "GET", url: "not a url" });
    expect(exchange.networkError).toBe("invalid request URL");
  });
});

describe("close", () => {
  it("ends an exchange when the caller's signal aborts, before or while it runs", async () => {
    const hanging = await server(startHangingServer());
    const client = transport({ timeoutMs: 5_000 });
    const controller = new AbortController();
    const pending = client.send({ method: "GET", url: hanging.url, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(new Error("user interrupt"));
    expect((await pending).networkError).toBe("interrupted: the answer was not awaited");
    const before = await client.send({ method: "GET", url: hanging.url, signal: controller.signal });
    expect(before.networkError).toBe("interrupted: the answer was not awaited");
  }, 5_000);

  it("is bounded even with a request hanging", async () => {
    const hanging = await server(startHangingServer());
    const client = createTransport({ insecure: false, timeoutMs: 5_000, proxy: directConnection });
    const pending = client.send({ method: "GET", url: hanging.url });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await client.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await pending).networkError).toBeDefined();
  }, 5_000);
});
