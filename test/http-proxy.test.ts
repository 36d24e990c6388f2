import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxyFromEnv } from "../src/config/index.ts";
import { createTransport } from "../src/http/index.ts";
import {
  closedPort,
  startCountingProxy,
  startHttpServer,
  type CountingProxy,
  type RunningServer,
} from "./support/http-servers.ts";

describe("proxy from the standard environment variables", () => {
  let target: RunningServer;
  let proxy: CountingProxy;

  beforeAll(async () => {
    target = await startHttpServer((request, response) => response.end(`hello ${request.url ?? ""}`));
    proxy = await startCountingProxy();
  });
  afterAll(async () => {
    await Promise.all([target.close(), proxy.close()]);
  });

  async function get(env: NodeJS.ProcessEnv, url = `${target.url}/api/session`) {
    const transport = createTransport({ insecure: false, timeoutMs: 3_000, proxy: proxyFromEnv(env) });
    try {
      return await transport.send({ method: "GET", url });
    } finally {
      await transport.close();
    }
  }

  it("sends requests through HTTP_PROXY", async () => {
    const before = proxy.seen.length;
    const exchange = await get({ HTTP_PROXY: proxy.url });
    expect(exchange.response?.body).toBe("hello /api/session");
    expect(proxy.seen.slice(before)).toEqual([`127.0.0.1:${target.port}`]);
  });

  it("honours the lower-case form", async () => {
    const before = proxy.seen.length;
    expect((await get({ http_proxy: proxy.url })).response?.status).toBe(200);
    expect(proxy.seen.length).toBe(before + 1);
  });

  it("goes direct for hosts in NO_PROXY (by name, by name:port, or *)", async () => {
    const before = proxy.seen.length;
    for (const noProxy of ["127.0.0.1", `127.0.0.1:${target.port}`, "*", "example.com, 127.0.0.1"]) {
      const exchange = await get({ HTTP_PROXY: proxy.url, NO_PROXY: noProxy });
      expect(exchange.response?.body, noProxy).toBe("hello /api/session");
    }
    expect(proxy.seen.length).toBe(before);
  });

  it("still proxies when NO_PROXY names another port of the same host", async () => {
    const before = proxy.seen.length;
    await get({ HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1:1" });
    expect(proxy.seen.length).toBe(before + 1);
  });

  it("never reads the process environment behind the caller's back", async () => {
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = proxy.url;
    try {
      const before = proxy.seen.length;
      await get({});
      expect(proxy.seen.length).toBe(before);
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
    }
  });

  it("says when it is the proxy that refuses", async () => {
    const port = await closedPort();
    const exchange = await get({ HTTP_PROXY: `http://127.0.0.1:${port}` });
    expect(exchange.networkError).toBe(`connection refused by 127.0.0.1:${port} (the proxy)`);
  });
});
