import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directConnection } from "../src/config/index.ts";
import { createTransport } from "../src/http/index.ts";
import {
  hasOpenssl,
  selfSignedCertificate,
  startCountingProxy,
  startHttpServer,
  startHttpsServer,
  type CountingProxy,
  type RunningServer,
} from "./support/http-servers.ts";

// The certificate is made fresh by openssl, so no key is committed to the repository.
describe.skipIf(!hasOpenssl())("TLS to a self-signed target (needs openssl on PATH)", () => {
  let certificate: ReturnType<typeof selfSignedCertificate>;
  let target: RunningServer;
  let plain: RunningServer;
  let proxy: CountingProxy;

  beforeAll(async () => {
    certificate = selfSignedCertificate();
    target = await startHttpsServer((_request, response) => response.end("secure hello"), certificate);
    plain = await startHttpServer((_request, response) => response.end("plain"));
    proxy = await startCountingProxy();
  });
  afterAll(async () => {
    await Promise.all([target.close(), plain.close(), proxy.close()]);
    certificate.remove();
  });

  async function fetchWith(
    options: { insecure: boolean; caFile?: string; viaProxy?: boolean },
    url = target.url,
  ) {
    const transport = createTransport({
      timeoutMs: 3_000,
      ...options,
      proxy: options.viaProxy
        ? { httpsProxy: proxy.url, httpProxy: proxy.url, noProxy: "" }
        : directConnection,
    });
    try {
      return await transport.send({ method: "GET", url: `${url}/api/session` });
    } finally {
      await transport.close();
    }
  }

  it("fails without --insecure, saying what to do", async () => {
    const exchange = await fetchWith({ insecure: false });
    expect(exchange.response).toBeUndefined();
    expect(exchange.networkError).toBe("TLS: self-signed certificate (use --insecure or --ca-file)");
  });

  it("works with --insecure", async () => {
    const exchange = await fetchWith({ insecure: true });
    expect(exchange.networkError).toBeUndefined();
    expect(exchange.response?.body).toBe("secure hello");
  });

  it("works with --ca-file naming the certificate", async () => {
    const exchange = await fetchWith({ insecure: false, caFile: certificate.certFile });
    expect(exchange.networkError).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
  });

  it("applies --insecure and --ca-file inside a proxy tunnel too", async () => {
    const before = proxy.seen.length;
    expect((await fetchWith({ insecure: true, viaProxy: true })).response?.body).toBe("secure hello");
    expect(
      (await fetchWith({ insecure: false, caFile: certificate.certFile, viaProxy: true })).response?.status,
    ).toBe(200);
    const refused = await fetchWith({ insecure: false, viaProxy: true });
    expect(refused.networkError).toBe("TLS: self-signed certificate (use --insecure or --ca-file)");
    expect(proxy.seen.slice(before)).toEqual([
      `127.0.0.1:${target.port}`,
      `127.0.0.1:${target.port}`,
      `127.0.0.1:${target.port}`,
    ]);
  });

  it("says so when https:// meets a plain http server", async () => {
    const exchange = await fetchWith({ insecure: true }, plain.url.replace("http://", "https://"));
    expect(exchange.networkError).toContain("serve plain http://");
  });
});
