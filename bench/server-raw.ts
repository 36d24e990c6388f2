/**
 * The exact bytes a server answers a GET with, read off a plain socket: what bench/server.ts compares
 * between the reference server and the bare one, so the bare server is known to send the same response.
 */
import { connect } from "node:net";

const headerEnd = "\r\n\r\n";
const timeoutMs = 10_000;

/** Sends one keep-alive GET and resolves with the whole response (head and body) as text. */
export function rawGet(url: string, path: string, headers: Record<string, string>): Promise<string> {
  const { hostname, port, host } = new URL(url);
  const lines = [
    `GET ${path} HTTP/1.1`,
    `host: ${host}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no whole answer from ${url} within ${timeoutMs} ms`)),
    );
    socket.on("error", reject);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const text = received.toString("latin1");
      const end = text.indexOf(headerEnd);
      if (end === -1) return;
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
      const total = end + headerEnd.length + Number(length?.[1] ?? 0);
      if (received.length < total) return;
      socket.destroy();
      resolve(received.subarray(0, total).toString("utf8"));
    });
    socket.write(`${lines.join("\r\n")}${headerEnd}`);
  });
}

/** A response's status code, and its header lines in order as [name as sent, value]. */
export function parseHead(response: string): {
  status: number;
  headers: Array<[string, string]>;
  body: string;
} {
  const end = response.indexOf(headerEnd);
  const [statusLine = "", ...lines] = response.slice(0, end).split("\r\n");
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return { status: Number(statusLine.split(" ")[1]), headers, body: response.slice(end + headerEnd.length) };
}
