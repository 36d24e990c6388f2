import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { jsonPayload } from "./json-text.ts";

/**
 * `headers` in their order, then the body's. Copied member by member into one new object: in V8 an object
 * spread followed by more members costs microseconds once the spread object has any (an answer's Date does).
 */
function withBodyHeaders(
  headers: Record<string, string>,
  contentType: string | undefined,
  length: number,
): OutgoingHttpHeaders {
  const all: OutgoingHttpHeaders = {};
  for (const name in headers) all[name] = headers[name];
  if (contentType !== undefined) all["content-type"] = contentType;
  all["content-length"] = length;
  return all;
}

/**
 * Writes a JSON response; application/json is the only content type the server sends with a body (the
 * json-as-text-plain fault variant passes another).
 */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = "application/json",
): void {
  const payload = jsonPayload(body);
  response.writeHead(status, withBodyHeaders(headers, contentType, Buffer.byteLength(payload)));
  response.end(payload);
}

/** A response without a body: rest void results (200) and api void results (204). */
export function sendEmpty(
  response: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, status === 204 ? headers : withBodyHeaders(headers, undefined, 0));
  response.end();
}

/** A plain-text response: only the not-found-plain-text fault variant sends one. */
export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { "content-type": "text/plain", "content-length": Buffer.byteLength(text) });
  response.end(text);
}
