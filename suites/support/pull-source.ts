import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** An http source a PULL file add can name: serves fixed bytes at one path and counts the requests. */
export interface PullSource {
  /** The http URL of the content. */
  url: string;
  /** How many requests for the content arrived so far. */
  requests: () => number;
  /** Answers the requests held by `holdMs` now (and every later one at once). */
  release: () => void;
  close: () => Promise<void>;
}

/**
 * Serves `bytes` at `http://127.0.0.1:<port>/<name>` (any other path: 404) until closed. The check serves its
 * own source, so a PULL check needs nothing outside the run; a target that cannot reach this host (any
 * target but one on the same machine) never asks for it, which `requests()` shows. With `holdMs` the answer
 * waits until `release()` (or that long at most, so a target that will not return until its transfer ends
 * is not stuck): a call made before the release finds the transfer still running, however loaded the machine.
 */
export async function servePullSource(
  name: string,
  bytes: Uint8Array,
  options: { holdMs?: number } = {},
): Promise<PullSource> {
  let count = 0;
  const path = `/${encodeURIComponent(name)}`;
  const timers = new Set<NodeJS.Timeout>();
  const held = new Set<() => void>();
  let released = options.holdMs === undefined;
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
    if (released) {
      answer();
      return;
    }
    const once = (): void => {
      if (!held.delete(once)) return;
      clearTimeout(timer);
      timers.delete(timer);
      answer();
    };
    const timer = setTimeout(once, options.holdMs);
    timers.add(timer);
    held.add(once);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests: () => count,
    release: () => {
      released = true;
      for (const answerHeld of [...held]) answerHeld();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
