import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCredentials, startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import { conformanceSuites } from "../suites/index.ts";
import { runUscInProcess } from "./support/usc-in-process.ts";

// A rest dialect that does not wrap any result (login, datastores, libraries, items, sessions): set-up
// reads it leniently, reports each deviation as a failing schema check of the `target` suite with the
// exchange as evidence, and both dialects run. The whole run takes 10-20 s on a loaded machine.
describe("usc run against a target whose rest results are not wrapped", { timeout: 180_000 }, () => {
  let server: ReferenceServerHandle;

  beforeAll(async () => {
    server = await startReferenceServer({ host: "127.0.0.1", port: 0, faults: ["rest-unwrapped"] });
  });
  afterAll(async () => {
    await server.close();
  });

  it("exits 1, the set-up deviation a failing check with the wire evidence, and the api dialect runs every check", async () => {
    const outcome = await runUscInProcess(
      ["--target", server.url, "--username", defaultCredentials.username],
      {
        env: { USC_PASSWORD: defaultCredentials.password },
        timeoutMs: 150_000,
      },
    );
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(outcome.stderr).not.toMatch(/--datastore/);
    const checks = outcome.results?.checks ?? [];
    expect(outcome.results?.startFailure).toBeUndefined();

    const datastores = checks.find(
      (check) =>
        check.suite === "target" &&
        check.id === "protocol.response-schema" &&
        check.dialect === "rest" &&
        check.title.startsWith("datastore.list:"),
    );
    expect(datastores?.status).toBe("fail");
    expect(datastores?.message).toMatch(/GET \/rest\/vcenter\/datastore/);
    const evidence = datastores?.transcript[0];
    expect(evidence?.request.url).toMatch(/\/rest\/vcenter\/datastore$/);
    expect(evidence?.response?.status).toBe(200);
    expect(evidence?.response?.body).toMatch(/^\[\{"datastore"/);
    expect(datastores?.curl).toMatch(/^curl /);

    // Every suite check ran in api, none blocked by rest's deviation or by set-up.
    const declared = conformanceSuites.reduce((total, suite) => total + suite.catalogue.checks.length, 0);
    const api = checks.filter((check) => check.dialect === "api" && check.suite !== "target");
    const apiChecks = api.filter((check) => check.id !== "protocol.response-schema");
    expect(apiChecks).toHaveLength(declared);
    expect(api.filter((check) => check.status === "blocked" || check.status === "error")).toEqual([]);
    expect(checks.filter((check) => check.id === "target.login").map((c) => c.status)).toEqual([
      "pass",
      "pass",
    ]);
    expect(outcome.results?.runErrors).toEqual([]);
  });
});
