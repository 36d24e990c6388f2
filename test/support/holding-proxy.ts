import { request as httpRequest, type IncomingMessage } from "node:http";
import { startHttpServer, type RunningServer } from "./http-servers.ts";

/**
 * A proxy in front of `upstreamUrl` that forwards every request, but holds back the answer to each request
 * `holds` picks: the upstream has done the work (a create really happened) while the client never hears
 * of it, as when a run is killed mid-request. `onForwarded` is called once such a request is done upstream.
 */
export function startHoldingProxy(
  upstreamUrl: string,
  holds: (incoming: IncomingMessage) => boolean,
  onForwarded: () => void,
): Promise<RunningServer> {
  const upstream = new URL(upstreamUrl);
  return startHttpServer((incoming, outgoing) => {
    const held = holds(incoming);
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        if (held) {
          answer.resume();
          answer.on("end", onForwarded);
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on("error", () => outgoing.destroy());
    incoming.pipe(forward);
  });
}
