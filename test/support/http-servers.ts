/** Real servers on 127.0.0.1 for the transport's tests; every one closes its sockets on close(). */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest, type RequestListener } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import {
  connect,
  createServer as createNetServer,
  type AddressInfo,
  type Server,
  type Socket,
} from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

function track(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

async function listen(server: Server, scheme: "http" | "https"): Promise<RunningServer> {
  const close = track(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { port, url: `${scheme}://127.0.0.1:${port}`, close };
}

export function startHttpServer(handler: RequestListener): Promise<RunningServer> {
  return listen(createHttpServer(handler), "http");
}

export function startHttpsServer(
  handler: RequestListener,
  tls: { key: string; cert: string },
): Promise<RunningServer> {
  return listen(createHttpsServer(tls, handler), "https");
}

/** Accepts connections and never says a word. */
export function startHangingServer(): Promise<RunningServer> {
  return listen(
    createNetServer(() => undefined),
    "http",
  );
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface CountingProxy extends RunningServer {
  /** `host:port` of every CONNECT tunnel and forwarded request, in order. */
  seen: string[];
}

/** A tiny HTTP proxy: CONNECT tunnels (what undici uses) and plain forwarding, recording each target. */
export async function startCountingProxy(): Promise<CountingProxy> {
  const seen: string[] = [];
  const server = createHttpServer((incoming, outgoing) => {
    const target = new URL(incoming.url ?? "/");
    seen.push(target.host);
    const upstream = httpRequest(
      target,
      { method: incoming.method, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on("error", () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  server.on("connect", (incoming: { url?: string }, client: Socket, head: Buffer) => {
    const target = incoming.url ?? "";
    seen.push(target);
    const [host = "", port = "80"] = target.split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  const running = await listen(server, "http");
  return { ...running, seen };
}

export function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A throw-away self-signed certificate for 127.0.0.1 and localhost, made by openssl for this test run. */
export function selfSignedCertificate(): { key: string; cert: string; certFile: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "usc-http-tls-"));
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  return {
    key: readFileSync(keyFile, "utf8"),
    cert: readFileSync(certFile, "utf8"),
    certFile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
