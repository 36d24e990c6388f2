import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceServer, type ReferenceServerHandle } from "../src/index.ts";

// Every answer of the reference server starts with the Date header, in the server's clock, whichever way it
// is written: a found route's answer (which passes it with its own headers), an error, a routing failure,
// an answer outside both dialects, an upload's. The header lines are compared as they go on the wire
// (names as sent, in order), so a change to how answers are written cannot change the bytes unnoticed.

const instant = Date.UTC(2030, 0, 2, 3, 4, 5, 678);
const dateText = "Wed, 02 Jan 2030 03:04:05 GMT";
const keptAlive = ["Connection", "Keep-Alive"];
const json = ["content-type", "content-length"];

let server: ReferenceServerHandle;
let token = "";
let sessionId = "";
let restSessionId = "";
let freeItemId = "";

async function call(method: string, path: string, body?: object): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { "vmware-api-session-id": token, ...(body && { "content-type": "application/json" }) },
    ...(body && { body: JSON.stringify(body) }),
  });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
  return response.json();
}

beforeAll(async () => {
  server = await startReferenceServer({ clock: { now: () => instant } });
  const login = await fetch(`${server.url}/api/session`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from("administrator@vsphere.local:VMware1!").toString("base64")}`,
    },
  });
  token = (await login.json()) as string;
  const library = await call("POST", "/api/content/local-library", {
    name: "headers",
    storage_backings: [{ type: "DATASTORE", datastore_id: "datastore-11" }],
  });
  const items = await Promise.all(
    ["a", "b", "c"].map((name) => call("POST", "/api/content/library/item", { library_id: library, name })),
  );
  sessionId = (await call("POST", "/api/content/library/item/update-session", {
    library_item_id: items[0],
  })) as string;
  restSessionId = (await call("POST", "/api/content/library/item/update-session", {
    library_item_id: items[1],
  })) as string;
  freeItemId = items[2] as string;
});
afterAll(() => server.close());

/** Sends a raw request and reads one whole answer: status and header lines as sent. */
function exchange(request: string): Promise<{ status: number; headers: Array<[string, string]> }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request, "latin1"));
    let text = "";
    socket.setEncoding("latin1");
    const settle = () => {
      const end = text.indexOf("\r\n\r\n");
      if (end === -1) return false;
      const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n");
      const headers = lines.map((line): [string, string] => [
        line.slice(0, line.indexOf(":")),
        line.slice(line.indexOf(":") + 1).trim(),
      ]);
      const length = Number(headers.find(([name]) => name.toLowerCase() === "content-length")?.[1] ?? 0);
      if (text.length < end + 4 + length) return false;
      socket.destroy();
      resolve({ status: Number(statusLine.split(" ")[1]), headers });
      return true;
    };
    socket.on("data", (chunk: string) => {
      text += chunk;
      settle();
    });
    socket.on(
      "close",
      () => settle() || reject(new Error(`connection closed after ${JSON.stringify(text)}`)),
    );
    socket.on("error", reject);
  });
}

function request(method: string, path: string, headers: string[] = [], body = ""): string {
  const lines = [`${method} ${path} HTTP/1.1`, "Host: reference.test", ...headers];
  if (body !== "") lines.push("Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

const session = () => `vmware-api-session-id: ${token}`;
const sessions = "/api/content/library/item/update-session";

describe("the header lines of every kind of answer", () => {
  it.each([
    [
      "a found route's JSON answer",
      () => request("GET", `${sessions}/${sessionId}`, [session()]),
      200,
      [...json],
    ],
    [
      "a found route's answer to a request with a body",
      () => request("POST", sessions, [session()], JSON.stringify({ library_item_id: freeItemId })),
      201,
      [...json],
    ],
    [
      "a found route's void answer to a request with a body",
      () => request("PATCH", `${sessions}/${sessionId}`, [session()], "{}"),
      204,
      [],
    ],
    [
      "an api void result",
      () => request("POST", `${sessions}/${sessionId}?action=keep-alive`, [session()]),
      204,
      [],
    ],
    [
      "a rest void result",
      () =>
        request(
          "POST",
          `/rest/com/vmware/content/library/item/update-session/id:${restSessionId}?~action=keep-alive`,
          [session()],
        ),
      200,
      ["content-length"],
    ],
    ["an operation's error", () => request("GET", `${sessions}/nothing`, [session()]), 404, [...json]],
    ["an unauthenticated request", () => request("GET", `${sessions}/${sessionId}`), 401, [...json]],
    [
      "a known path with another method",
      () => request("PUT", `${sessions}/${sessionId}`, [session()]),
      405,
      ["allow", ...json],
    ],
    [
      "an unknown action",
      () => request("POST", `${sessions}/${sessionId}?action=brew`, [session()]),
      404,
      [...json],
    ],
    ["a path outside both dialects", () => request("GET", "/nowhere", [session()]), 404, [...json]],
    ["an upload's refusal", () => request("PUT", "/usc-upload/nothing/file", [session()]), 404, [...json]],
  ])("%s", async (_what, make, status, own) => {
    const answer = await exchange(make());
    expect(answer.status).toBe(status);
    expect(answer.headers.map(([name]) => name)).toEqual(["date", ...own, ...keptAlive]);
    expect(answer.headers[0]?.[1]).toBe(dateText);
  });

  it("an HTTP/1.1 request without Host", async () => {
    const answer = await exchange(`GET ${sessions} HTTP/1.1\r\n${session()}\r\n\r\n`);
    expect(answer.status).toBe(400);
    expect(answer.headers.map(([name]) => name)).toEqual(["date", "connection", ...json]);
    expect(answer.headers[0]?.[1]).toBe(dateText);
  });
});
