import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCredentials, startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import { runUscInProcess } from "./support/usc-in-process.ts";

// Login is documented behaviour (auth.login-basic): a dialect whose login refuses every user fails the
// run through target.login, its checks are blocked with that reason, and the other dialect still runs.
// The run takes 5-15 s on a loaded machine.
describe("usc run against a target whose api login refuses every user", { timeout: 180_000 }, () => {
  let server: ReferenceServerHandle;

  beforeAll(async () => {
    server = await startReferenceServer({ host: "127.0.0.1", port: 0, faults: ["api-login-refused"] });
  });
  afterAll(async () => {
    await server.close();
  });

  it("fails (exit 1) through target.login [api] with the refusal as evidence; rest runs, api is blocked", async () => {
    const outcome = await runUscInProcess(
      ["--target", server.url, "--username", defaultCredentials.username, "--suite", "lifecycle,auth"],
      { env: { USC_PASSWORD: defaultCredentials.password }, timeoutMs: 150_000 },
    );
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(outcome.stdout).toMatch(/verdict FAIL/);
    const checks = outcome.results?.checks ?? [];
    const login = checks.filter((check) => check.id === "target.login");
    expect(login.map((check) => [check.dialect, check.status])).toEqual([["api", "fail"]]);
    expect(login[0]?.message).toBe(
      "the api login was refused: POST /api/session answered 401 unauthenticated",
    );
    expect(login[0]?.transcript[0]?.response?.status).toBe(401);
    expect(login[0]?.transcript[0]?.request.headers["authorization"]).not.toContain(
      Buffer.from(`${defaultCredentials.username}:${defaultCredentials.password}`).toString("base64"),
    );
    expect(login[0]?.curl).toMatch(/POST/);

    const api = checks.filter((check) => check.dialect === "api" && check.suite !== "target");
    expect(api.length).toBeGreaterThan(20);
    for (const check of api) {
      expect(check.status).toBe("blocked");
      expect(check.message).toMatch(/^blocked by target\.login: the api login was refused/);
    }
    const rest = checks.filter((check) => check.dialect === "rest");
    expect(rest.length).toBeGreaterThan(20);
    expect(rest.filter((check) => check.status === "blocked" || check.status === "fail")).toEqual([]);
    expect(outcome.results?.dialects).toEqual(["rest", "api"]);
  });
});
