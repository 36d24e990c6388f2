import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggedInClient } from "./support/logged-in-client.ts";
import { startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import type { CheckDefinition } from "../src/catalogue/definition.ts";
import { runCheck } from "../src/checks/run-check.ts";
import { ApiClient } from "../src/client/api-client.ts";
import { FindingsLog } from "../src/client/findings-log.ts";
import { createTransport, type Transport } from "../src/http/index.ts";

const credentials = { username: "outcomes@vsphere.local", password: "Outcome-Secret-9" };
const must: CheckDefinition = {
  id: "test.must",
  title: "a MUST check",
  level: "MUST",
  requirements: ["get.returns-model"],
};
const should: CheckDefinition = { ...must, id: "test.should", level: "SHOULD" };
const options = { suite: "outcomes", insecure: false };

describe("how a check's ending becomes its status", () => {
  let server: ReferenceServerHandle;
  let transport: Transport;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startReferenceServer(credentials);
    ({ client, transport } = await loggedInClient(server.url, credentials, 2000));
  });
  afterAll(async () => {
    await client.logout();
    await transport.close();
    await server.close();
  });

  it("returning is a pass, with the transcript and a curl line", async () => {
    const result = await runCheck(
      must,
      client,
      async (t) => {
        t.expectSuccess(await t.call("datastore.list"), "datastore list");
      },
      options,
    );
    expect(result.status).toBe("pass");
    expect(result.transcript).toHaveLength(1);
    expect(result.curl).toMatch(/^curl .*\/api\/vcenter\/datastore/);
    expect(result.quote).toBeDefined();
  });

  it("a broken expectation fails a MUST check and warns on a SHOULD check, with expected and actual", async () => {
    const body = async (t: Parameters<Parameters<typeof runCheck>[2]>[0]) => {
      const response = await t.call("updateSession.get", {
        params: { update_session_id: "no-such-session" },
      });
      t.expectSuccess(response, "get of an unknown session");
    };
    const failed = await runCheck(must, client, body, options);
    expect(failed.status).toBe("fail");
    expect(failed.expected).toMatch(/success/);
    expect(failed.actual).toMatch(/^404 not_found/);
    expect(failed.curl).toContain("no-such-session");
    expect((await runCheck(should, client, body, options)).status).toBe("warn");
  });

  it("a documented variant the target chose (t.warn) is a warning even for a MUST check", async () => {
    const result = await runCheck(must, client, (t) => t.warn("chose 409", "400", "409"), options);
    expect(result.status).toBe("warn");
  });

  it("skip and blocked carry their reasons", async () => {
    const skipped = await runCheck(
      must,
      client,
      (t) => t.skip("the target offers no subscribed item"),
      options,
    );
    expect(skipped).toMatchObject({ status: "skip", message: "the target offers no subscribed item" });
    const blocked = await runCheck(
      must,
      client,
      (t) => void t.needs(undefined, "a session from create"),
      options,
    );
    expect(blocked.status).toBe("blocked");
    expect(blocked.message).toMatch(/a session from create/);
  });

  it("a failed prerequisite call blocks instead of failing", async () => {
    const result = await runCheck(
      must,
      client,
      async (t) => {
        t.prerequisite(
          await t.call("library.item.get", { params: { library_item_id: "missing" } }),
          "reading the item",
        );
      },
      options,
    );
    expect(result.status).toBe("blocked");
    expect(result.message).toMatch(/reading the item failed: library.item.get answered 404/);
  });

  it("no response from the target and a harness exception are errors, never failures", async () => {
    const closed = createTransport({ insecure: false, timeoutMs: 1000 });
    const offline = new ApiClient({
      dialect: "api",
      baseUrl: "http://127.0.0.1:9",
      ...credentials,
      transport: closed,
      findings: new FindingsLog(),
    });
    const unreachable = await runCheck(
      must,
      offline,
      async (t) => void (await t.call("datastore.list")),
      options,
    );
    expect(unreachable.status).toBe("error");
    expect(unreachable.message).toMatch(/no response from the target/);
    await closed.close();
    const crashed = await runCheck(
      must,
      client,
      () => {
        throw new TypeError("oops");
      },
      options,
    );
    expect(crashed).toMatchObject({ status: "error", message: "harness error: oops" });
  });

  it("the password and the session token appear nowhere in a result", async () => {
    const token = client.token ?? "";
    expect(token.length).toBeGreaterThan(8);
    const result = await runCheck(
      must,
      client,
      async (t) => {
        await t.call("session.get");
        t.fail(`token ${token} password ${credentials.password}`, credentials.password, token);
      },
      options,
    );
    const text = JSON.stringify(result);
    expect(text).not.toContain(token);
    expect(text).not.toContain(credentials.password);
  });
});
