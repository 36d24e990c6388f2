import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useReferenceServer } from "./support/reference-server.ts";
import type { Wire } from "./support/update-session-wire.ts";

// HTTPS: the server serves TLS, hands out https upload endpoints with its certificate thumbprint, and pulls
// https sources accepting exactly the certificate a thumbprint names.
const cert = readFileSync(new URL("./support/tls/localhost.crt", import.meta.url));
const key = readFileSync(new URL("./support/tls/localhost.key", import.meta.url));
const thumbprint = new X509Certificate(cert).fingerprint;
const server = useReferenceServer(
  { tls: { cert, key } },
  { dispatcher: new Agent({ connect: { ca: cert } }) },
);

const source = createServer({ cert, key }, (_request, response) => response.end("over tls"));
let sourceUrl = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
  sourceUrl = `https://127.0.0.1:${(source.address() as AddressInfo).port}/file.bin`;
});
afterAll(async () => {
  await new Promise((resolve) => source.close(resolve));
});

async function settledStatus(wire: Wire, id: string, name: string): Promise<string> {
  for (;;) {
    const { status } = await wire.file(id, name);
    if (status !== "WAITING_FOR_TRANSFER" && status !== "TRANSFERRING") return status;
    await sleep(10);
  }
}

describe("reference server over TLS", () => {
  it("serves https and hands out https upload endpoints carrying its certificate thumbprint", async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const wire = await server.wire("api");
    const id = await wire.createId(await wire.provisionItem());
    const info = await wire.addPushFile(id, { name: "a.txt", size: 5 });
    expect(info.upload_endpoint?.uri.startsWith(`${server.url}/`)).toBe(true);
    expect(info.upload_endpoint?.ssl_certificate_thumbprint).toBe(thumbprint);
    wire.must(await wire.upload(info.upload_endpoint?.uri ?? "", "hello"), 200, "upload");
    expect((await wire.file(id, "a.txt")).status).toBe("READY");
  });

  it("pulls from an https source whose certificate matches the thumbprint, and refuses one that does not", async () => {
    const wire = await server.wire("rest");
    const id = await wire.createId(await wire.provisionItem());
    const add = (name: string, sslThumbprint: string) =>
      wire.addFile(id, {
        name,
        source_type: "PULL",
        source_endpoint: { uri: sourceUrl, ssl_certificate_thumbprint: sslThumbprint },
      });
    wire.must(await add("good.bin", thumbprint), 200, "PULL add");
    wire.must(
      await add("bad.bin", "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33"),
      200,
      "PULL add",
    );
    expect(await settledStatus(wire, id, "good.bin")).toBe("READY");
    expect(await settledStatus(wire, id, "bad.bin")).toBe("ERROR");
  });
});
