import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { admin, useReferenceServer } from "./support/reference-server.ts";
import { Wire } from "./support/update-session-wire.ts";

// Login, session info and logout in both dialects.
const server = useReferenceServer();

const loginPath = { rest: "/rest/com/vmware/cis/session", api: "/api/session" } as const;

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

describe.each(dialects)("%s: login session", (dialect) => {
  it("logs in with Basic credentials, reports the session and logs out", async () => {
    const wire = new Wire(dialect, server.anonymous());
    const login = await wire.client.request("POST", loginPath[dialect], {
      headers: { authorization: basic(admin.username, admin.password), "vmware-use-header-authn": "true" },
    });
    expect(login.status).toBe(dialect === "rest" ? 200 : 201);
    const token = wire.value<string>(login);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    wire.client.token = token;

    const info =
      dialect === "rest"
        ? await wire.client.request("POST", `${loginPath.rest}?~action=get`)
        : await wire.client.request("GET", loginPath.api);
    expect(info.status).toBe(200);
    expect(wire.value(info)).toMatchObject({ user: admin.username });

    wire.must(await wire.client.request("DELETE", loginPath[dialect]), wire.voidStatus, "logout");
    const after = await wire.client.request(
      "GET",
      dialect === "rest" ? "/rest/vcenter/datastore" : "/api/vcenter/datastore",
    );
    expect(after.status).toBe(401);
    expect(wire.errorType(after)).toBe("UNAUTHENTICATED");
  });

  it("answers 401 unauthenticated to wrong, malformed or missing credentials", async () => {
    const wire = new Wire(dialect, server.anonymous());
    for (const authorization of [
      basic(admin.username, "wrong"),
      basic("nobody", admin.password),
      "Basic !!!",
      "Bearer abc",
      undefined,
    ]) {
      const reply = await wire.client.request("POST", loginPath[dialect], {
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(reply.status, authorization).toBe(401);
      expect(wire.errorType(reply)).toBe("UNAUTHENTICATED");
    }
  });
});
