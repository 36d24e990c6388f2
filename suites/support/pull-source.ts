import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** An http source a PULL file add can name: serves fixed bytes at one path and counts the requests. */
export interface PullSource {
  /** The http URL of the content. */
  url: string;
  /** How many requests for the content arrived so far. */
  requests: () => number;
  close: () => Promise<void>;
}

/**
 * Serves `bytes` at `http://127.0.0.1:<port>/<name>` (any other path: 404) until closed. The check serves its
 * own source, so a PULL check needs nothing outside the run; a target that cannot reach this host (any
 * target but one on the same machine) never asks for it, which `requests()` shows. With `delayMs` the
 * answer waits that long, so a call made right after the file add finds the transfer still running.
 */
export async function servePullSource(
  name: string,
  bytes: Uint8Array,
  options: { delayMs?: number } = {},
): Promise<PullSource> {
  let count = 0;
  const path = `/${encodeURIComponent(name)}`;
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((request, response) => {
    if (request.url !== path) {
      response.writeHead(404).end();
      return;
    }
    count += 1;
    const answer = (): void => {
      response.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": String(bytes.byteLength),
      });
      response.end(Buffer.from(bytes));
    };
    if (options.delayMs === undefined) {
      answer();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer();
    }, options.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
