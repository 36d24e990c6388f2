import type { ServerResponse } from "node:http";

/** Writes a JSON response; the only content type the server ever sends with a body. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

/** A response without a body: rest void results (200) and api void results (204). */
export function sendEmpty(
  response: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, status === 204 ? headers : { ...headers, "content-length": 0 });
  response.end();
}
