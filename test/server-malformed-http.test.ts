import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceServer, type ReferenceServerHandle } from "../src/index.ts";

// Requests Node's HTTP parser refuses (or that arrive too slowly) never reach the routes: the server answers
// them itself, with the dialect-neutral JSON error body instead of Node's empty one, and closes the
// connection. Raw sockets, because an HTTP client would refuse to send most of these.

let server: ReferenceServerHandle;
beforeAll(async () => {
  server = await startReferenceServer({ headersTimeoutSeconds: 1, requestTimeoutSeconds: 2 });
});
afterAll(() => server.close());

/** Writes bytes on a fresh connection and collects everything until the server closes it. */
function exchange(bytes: string): Promise<string> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes, "latin1"));
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Whatever followed this response on the connection. */
  rest: string;
}

function parse(text: string): RawResponse {
  const headEnd = text.indexOf("\r\n\r\n");
  expect(headEnd, text).toBeGreaterThan(0);
  const [statusLine = "", ...lines] = text.slice(0, headEnd).split("\r\n");
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(":")).toLowerCase(),
      line.slice(line.indexOf(":") + 1).trim(),
    ]),
  );
  const length = Number(headers["content-length"]);
  const bodyText = text.slice(headEnd + 4, headEnd + 4 + length);
  return {
    status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1]),
    headers,
    body: bodyText === "" ? undefined : (JSON.parse(bodyText) as unknown),
    rest: text.slice(headEnd + 4 + length),
  };
}

/** The `api` error shape: error_type and LocalizableMessages with an id and a text. */
function expectApiError(response: RawResponse, status: number, errorType: string, text: RegExp): void {
  expect(response.status).toBe(status);
  expect(response.headers["content-type"]).toBe("application/json");
  expect(response.headers.connection).toBe("close");
  const body = response.body as {
    error_type?: unknown;
    messages?: Array<{ id?: string; default_message?: string }>;
  };
  expect(body.error_type).toBe(errorType);
  expect(body.messages).toHaveLength(1);
  expect(body.messages?.[0]?.id).toMatch(/^usc\.reference\./);
  expect(body.messages?.[0]?.default_message).toMatch(text);
}

describe("malformed HTTP", () => {
  it.each([
    [
      "conflicting Content-Length",
      "POST /api/session HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
      /Content-Length/,
    ],
    [
      "Content-Length with Transfer-Encoding",
      "POST /api/session HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      /Transfer-Encoding/,
    ],
    ["a garbage request line", "hello world\r\n\r\n", /not valid HTTP/],
    ["a NUL in a header value", "GET /api/session HTTP/1.1\r\nHost: a\r\nX-Note: a\0b\r\n\r\n", /header/],
    ["an HTTP/1.1 request without Host", "GET /api/session HTTP/1.1\r\n\r\n", /Host/],
  ])("answers %s with 400 invalid_request in JSON", async (_, bytes, text) => {
    expectApiError(parse(await exchange(bytes)), 400, "INVALID_REQUEST", text);
  });

  it("serves an HTTP/1.0 request without Host (Host is an HTTP/1.1 requirement)", async () => {
    const response = parse(await exchange("POST /api/session HTTP/1.0\r\n\r\n"));
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error_type: "UNAUTHENTICATED" });
  });

  it.each([
    ["a 20 kB header", `GET /api/session HTTP/1.1\r\nHost: a\r\nX-Pad: ${"a".repeat(20_000)}\r\n\r\n`],
    ["a 30 kB URL", `GET /api/${"a".repeat(30_000)} HTTP/1.1\r\nHost: a\r\n\r\n`],
  ])("answers %s with 431 in JSON, naming the limit", async (_, bytes) => {
    expectApiError(parse(await exchange(bytes)), 431, "INVALID_REQUEST", /16384 bytes/);
  });

  it("answers a method Node does not know with 405 and Allow on a known path, in the path's dialect", async () => {
    const api = parse(await exchange("BREW /api/session HTTP/1.1\r\nHost: a\r\n\r\n"));
    expectApiError(api, 405, "OPERATION_NOT_FOUND", /BREW \/api\/session/);
    expect(api.headers.allow).toBe("DELETE, GET, POST");

    const rest = parse(await exchange("BREW /rest/com/vmware/cis/session HTTP/1.1\r\nHost: a\r\n\r\n"));
    expect(rest.status).toBe(405);
    expect(rest.headers.allow).toBe("DELETE, POST");
    expect(rest.body).toMatchObject({
      type: "com.vmware.vapi.std.errors.operation_not_found",
      value: { error_type: "OPERATION_NOT_FOUND" },
    });

    const nowhere = parse(await exchange("BREW /nowhere HTTP/1.1\r\nHost: a\r\n\r\n"));
    expectApiError(nowhere, 404, "OPERATION_NOT_FOUND", /BREW \/nowhere/);
  });

  it("answers an earlier pipelined request first, then the malformed one", async () => {
    const text = await exchange(
      "POST /api/session HTTP/1.1\r\nHost: a\r\n\r\nBREW /api/session HTTP/1.1\r\nHost: a\r\n\r\n",
    );
    const first = parse(text);
    expect(first.status).toBe(401);
    expect(first.body).toMatchObject({ error_type: "UNAUTHENTICATED" });
    expectApiError(parse(first.rest), 405, "OPERATION_NOT_FOUND", /BREW/);
  });

  it("answers headers that do not arrive within the headers time-out (slowloris) with 408 in JSON", async () => {
    const response = parse(await exchange("GET /api/session HTTP/1.1\r\nHost: a\r\nX-Slow: "));
    expectApiError(response, 408, "INVALID_REQUEST", /headers are due within 1 s/);
  });

  it("answers a body that does not arrive within the request time-out with 408 in JSON", async () => {
    const response = parse(
      await exchange("POST /api/session HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"),
    );
    expectApiError(response, 408, "INVALID_REQUEST", /whole request within 2 s/);
  });

  it("refuses a headers time-out longer than the request time-out when starting", async () => {
    await expect(
      startReferenceServer({ headersTimeoutSeconds: 10, requestTimeoutSeconds: 5 }),
    ).rejects.toThrow(/headersTimeoutSeconds \(10\) must not exceed requestTimeoutSeconds \(5\)/);
    await expect(startReferenceServer({ requestTimeoutSeconds: 0 })).rejects.toThrow(
      /requestTimeoutSeconds must be a positive number/,
    );
  });

  it("keeps serving well-formed requests", async () => {
    const response = parse(
      await exchange("POST /api/session HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
    );
    expect(response.status).toBe(401);
  });
});
