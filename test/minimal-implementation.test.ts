import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMinimalServer, type MinimalServer } from "./support/minimal-server/server.ts";
import { runUsc, type UscRunOutcome } from "./support/run-embedded.ts";

// Specificity on an implementation the suite was not written beside (issue 9): a second, minimal server
// written from the documents must get no failure, no blocked check and no error from `usc run`, and the only
// skips are the checks of forms the documents give to the rest dialect alone.
// One run takes about 30 s on a quiet machine (the expiry checks wait out the 5 s idle timeout).
describe("usc run against the minimal implementation", { timeout: 300_000 }, () => {
  let server: MinimalServer;
  let run: UscRunOutcome;

  beforeAll(async () => {
    server = await startMinimalServer({ idleTimeoutSeconds: 5 });
    const [admin, other, limited] = server.users;
    run = await runUsc(["--target", server.url, "--idle-timeout", "5"], {
      timeoutMs: 280_000,
      env: {
        USC_USERNAME: admin?.name,
        USC_PASSWORD: admin?.password,
        USC_OTHER_USERNAME: other?.name,
        USC_OTHER_PASSWORD: other?.password,
        USC_LIMITED_USERNAME: limited?.name,
        USC_LIMITED_PASSWORD: limited?.password,
      },
    });
  }, 300_000);

  afterAll(async () => {
    await server.close();
  });

  it("exits 0 with verdict pass, both dialects, no run error", () => {
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(run.code).toBe(0);
    expect(run.results?.dialects).toEqual(["rest", "api"]);
    expect(run.stdout).toMatch(/0 fail, 0 warn, 7 skip, 0 blocked, 0 error;.*verdict PASS/);
    expect(run.results?.runErrors).toEqual([]);
  });

  it("has no failing, warning, blocked or errored check", () => {
    const notPassed = (run.results?.checks ?? [])
      .filter((c) => c.status !== "pass" && c.status !== "skip")
      .map((c) => `${c.dialect} ${c.id}: ${c.status} ${c.message}`);
    expect(notPassed).toEqual([]);
  });

  it("skips only the 2014 forms in the api dialect, where the documents do not give them", () => {
    const skipped = (run.results?.checks ?? [])
      .filter((c) => c.status === "skip")
      .map((c) => `${c.dialect} ${c.id}`)
      .sort();
    expect(skipped).toEqual(
      [
        "model.query-form.get",
        "post-vs-get.file-list.body-action",
        "post-vs-get.file-list.id-action",
        "post-vs-get.get.body-action",
        "post-vs-get.get.id-action",
        "post-vs-get.list.body-action",
        "post-vs-get.list.id-action",
      ].map((id) => `api ${id}`),
    );
    // The option-gated checks ran: a second user, a limited user and the idle timeout were given.
    const ran = new Set((run.results?.checks ?? []).filter((c) => c.status === "pass").map((c) => c.id));
    for (const id of [
      "auth.list.caller-scope",
      "auth.privilege.create-unauthorized",
      "expiry.idle-session.expires",
    ]) {
      expect(ran).toContain(id);
    }
  });
});

describe("the minimal implementation", () => {
  it("is not derived from the reference server: nothing in it imports server/ or src/", () => {
    const dir = new URL("./support/minimal-server/", import.meta.url);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), "utf8");
      expect(text, file).not.toMatch(/from\s+["'][^"']*\/(server|src)\//);
    }
  });
});
