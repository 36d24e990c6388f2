import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directConnection } from "../src/config/index.ts";
import { createTransport, redactHeaders, redactText } from "../src/http/index.ts";
import { redactAll, redactValue } from "../src/http/redact.ts";
import { startHttpServer, type RunningServer } from "./support/http-servers.ts";

const token = "b2d1a3c4e5f60718293a4b5c6d7e8f90";
const password = "pa$$ word/'\"é";

describe("redactHeaders and redactText", () => {
  it("replaces credential header values, keeping the auth scheme", () => {
    expect(
      redactHeaders({
        Authorization: "Basic dXNlcjpwYXNz",
        "Proxy-Authorization": "Bearer abc",
        "vmware-api-session-id": token,
        Cookie: "vmware-api-session-id=abc",
        "set-cookie": ["a=1", "b=2"],
        Accept: "application/json",
      }),
    ).toEqual({
      authorization: "Basic <redacted>",
      "proxy-authorization": "Bearer <redacted>",
      "vmware-api-session-id": "<redacted>",
      cookie: "<redacted>",
      "set-cookie": "<redacted>",
      accept: "application/json",
    });
  });

  it("cuts secrets out of text in raw, URL-encoded and JSON-escaped form", () => {
    const text = `a ${password} b ${encodeURIComponent(password)} c ${JSON.stringify(password)}`;
    const redacted = redactText(text, [password, ""]);
    expect(redacted).toBe('a <redacted> b <redacted> c "<redacted>"');
  });

  it("cuts the longer of two overlapping secrets whole", () => {
    expect(redactText("token-abc-123", ["abc", "token-abc-123"])).toBe("<redacted>");
  });
});

describe("redactAll and redactValue", () => {
  it("finds header mentions and URL credentials whatever their case and place", () => {
    expect(redactAll("first line\nSET-Cookie: a=1\nx: 'Proxy-Authorization=Bearer q'", [])).toBe(
      "first line\nSET-Cookie: <redacted>\nx: 'Proxy-Authorization=<redacted>'",
    );
    expect(redactAll('{"Vmware-Api-Session-Id":"abc"} see HTTPS://me:pw@host/x', [])).toBe(
      '{"Vmware-Api-Session-Id":"<redacted>"} see HTTPS://<redacted>@host/x',
    );
    expect(redactAll("mail me@example.com, no header here", [])).toBe("mail me@example.com, no header here");
  });

  it("keeps a __proto__ member as data and redacts inside it", () => {
    const value = JSON.parse(`{"__proto__": {"Cookie": "c=1", "note": "${token}"}, "ok": 1}`) as object;
    const copy = redactValue(value, [token]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["__proto__", "ok"]);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"Cookie":"<redacted>","note":"<redacted>"},"ok":1}');
  });
});

describe("the transport redacts before storing", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startHttpServer((request, response) => {
      if (request.url?.startsWith("/rest/com/vmware/cis/session")) {
        response.writeHead(200, {
          "content-type": "application/json",
          "set-cookie": `vmware-api-session-id=${token}`,
        });
        response.end(JSON.stringify({ value: token }));
      } else if (request.url?.startsWith("/api/session")) {
        response.writeHead(201, { "content-type": "application/json" });
        response.end(JSON.stringify(token));
      } else if (request.url === "/api/items") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ value: "item-42" }));
      } else {
        response.writeHead(400, { "content-type": "application/json", location: `/x?session=${token}` });
        response.end(JSON.stringify({ echoed: request.headers["vmware-api-session-id"], url: request.url }));
      }
    });
  });
  afterAll(() => server.close());

  it("hides the token a login response carries, even when the caller does not know it yet", async () => {
    const transport = createTransport({ insecure: false, timeoutMs: 2_000, proxy: directConnection });
    try {
      const basic = `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;
      for (const path of ["/rest/com/vmware/cis/session", "/api/session"]) {
        const login = await transport.send({
          method: "POST",
          url: `${server.url}${path}`,
          headers: { authorization: basic },
        });
        const stored = JSON.stringify(login);
        expect(stored).not.toContain(token);
        expect(stored).not.toContain(Buffer.from(`admin:${password}`).toString("base64"));
        expect(login.request.headers.authorization).toBe("Basic <redacted>");
        expect(login.response?.body).toMatch(/^("<redacted>"|\{"value":"<redacted>"\})$/);
      }
      // The password itself, once seen in a Basic header, is redacted wherever it shows up later.
      const later = await transport.send({
        method: "POST",
        url: `${server.url}/other`,
        body: `{"p":"${password}"}`,
      });
      expect(later.request.body).toBe('{"p":"<redacted>"}');
    } finally {
      await transport.close();
    }
  });

  it("treats only a login's answer as a token, not every answer to a Basic-authenticated request", async () => {
    const transport = createTransport({ insecure: false, timeoutMs: 2_000, proxy: directConnection });
    try {
      const basic = `Basic ${Buffer.from("admin:pw-1").toString("base64")}`;
      const exchange = await transport.send({
        method: "GET",
        url: `${server.url}/api/items`,
        headers: { authorization: basic },
      });
      expect(exchange.response?.body).toBe('{"value":"item-42"}');
    } finally {
      await transport.close();
    }
  });

  it("hides the token in headers, URLs and bodies, from secrets() and from the session header", async () => {
    const other = "caller-known-secret";
    const transport = createTransport({
      insecure: false,
      timeoutMs: 2_000,
      proxy: directConnection,
      secrets: () => [other],
    });
    try {
      const exchange = await transport.send({
        method: "POST",
        url: `${server.url}/api/thing?token=${token}&x=${other}`,
        headers: { "vmware-api-session-id": token },
        body: `{"note":"${other}"}`,
      });
      const stored = JSON.stringify(exchange);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(other);
      expect(exchange.request.url).toBe(`${server.url}/api/thing?token=<redacted>&x=<redacted>`);
      expect(exchange.request.headers["vmware-api-session-id"]).toBe("<redacted>");
      expect(exchange.response?.headers.location).toBe("/x?session=<redacted>");
      expect(JSON.parse(exchange.response?.body ?? "{}")).toEqual({
        echoed: "<redacted>",
        url: "/api/thing?token=<redacted>&x=<redacted>",
      });
    } finally {
      await transport.close();
    }
  });

  it("redacts with the secrets known at each exchange, when the caller's list is replaced or one is learnt", async () => {
    let given: string[] = ["first-known-secret"];
    const transport = createTransport({
      insecure: false,
      timeoutMs: 2_000,
      proxy: directConnection,
      secrets: () => given,
    });
    const url = `${server.url}/api/thing?a=first-known-secret&b=second-known-secret&c=${token}`;
    try {
      const before = await transport.send({ method: "POST", url });
      expect(before.request.url).toBe(
        `${server.url}/api/thing?a=<redacted>&b=second-known-secret&c=${token}`,
      );
      given = [...given, "second-known-secret"];
      const replaced = await transport.send({ method: "POST", url });
      expect(replaced.request.url).toBe(`${server.url}/api/thing?a=<redacted>&b=<redacted>&c=${token}`);
      await transport.send({
        method: "POST",
        url: `${server.url}/api/x`,
        headers: { "vmware-api-session-id": token },
      });
      const learnt = await transport.send({ method: "POST", url });
      expect(learnt.request.url).toBe(`${server.url}/api/thing?a=<redacted>&b=<redacted>&c=<redacted>`);
    } finally {
      await transport.close();
    }
  });

  it("uses responseSecrets to learn secrets from any response", async () => {
    const transport = createTransport({ insecure: false, timeoutMs: 2_000, proxy: directConnection });
    try {
      const exchange = await transport.send({
        method: "GET",
        url: `${server.url}/anything`,
        responseSecrets: (body) => [String((JSON.parse(body) as { url: string }).url)],
      });
      expect(exchange.response?.body).toBe('{"url":"<redacted>"}');
    } finally {
      await transport.close();
    }
  });
});
