import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReferenceServerHandle, startReferenceServer } from "../server/index.ts";
import { runCli } from "../scripts/support/run-cli.ts";
import { sharedPacts } from "./support/pact-verification.ts";

// A target that refuses one dialect's login (and accepts the other's) breaks every interaction of that
// dialect's pact, as `usc run` fails target.login there: those interactions fail with the refusal, the other
// dialect's pact is still verified, and the exit code says the provider broke the contract (1), not that
// there was no verdict (2).

const user = { username: "pact-refused@vsphere.local", password: "Pact-Refused-1!" };

interface Results {
  summary: { exitVerdict: string };
  checks: { dialect: string; status: string; message: string }[];
}

describe("usc pact verify against a target that refuses one dialect's login", { timeout: 600_000 }, () => {
  let dir: string;
  let server: ReferenceServerHandle;
  /** Both dialects' pacts, from the run's one export (test/pact-cli.test.ts runs `usc pact export` itself). */
  let pacts: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "usc-pact-refused-"));
    server = await startReferenceServer({ ...user, faults: ["api-login-refused"] });
    pacts = (await sharedPacts()).dir;
  }, 300_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }, 60_000);

  it("fails the refused dialect's interactions with the reason and verifies the other's", async () => {
    const reports = join(dir, "reports");
    const verified = await runCli(
      ["pact", "verify", "--pact", pacts, "--target", server.url, "--report-dir", reports],
      { timeoutMs: 300_000, env: { USC_USERNAME: user.username, USC_PASSWORD: user.password } },
    );
    expect(verified.code).toBe(1);
    expect(verified.stdout + verified.stderr).not.toContain(user.password);
    const results = JSON.parse(readFileSync(join(reports, "results.json"), "utf8")) as Results;
    expect(results.summary.exitVerdict).toBe("fail");
    const api = results.checks.filter((check) => check.dialect === "api");
    const rest = results.checks.filter((check) => check.dialect === "rest");
    expect(api.length).toBeGreaterThan(20);
    expect(rest.length).toBeGreaterThan(20);
    expect(new Set(api.map((check) => check.status))).toEqual(new Set(["fail"]));
    for (const check of api)
      expect(check.message).toContain("target.login failed: the api login was refused");
    expect(rest.filter((check) => check.status === "fail")).toEqual([]);
    expect(rest.filter((check) => check.status === "pass").length).toBeGreaterThan(20);
  });
});
