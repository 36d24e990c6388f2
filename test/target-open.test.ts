import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ResourceLedger } from "../src/ledger/index.ts";
import { openTarget } from "../src/target/open-target.ts";

// openTarget in process, as a vitest beforeAll would call it: the embedded server, both dialects logged
// in, the scratch resources made, and close() removing them without touching the process. A few seconds.
describe("openTarget, called in process", { timeout: 60_000 }, () => {
  const stateDir = mkdtempSync(join(tmpdir(), "usc-open-target-"));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it("opens both dialects with scratch resources, installs no signal handler, and close() leaves nothing", async () => {
    const listeners = ["SIGINT", "SIGTERM"].map((signal) => process.listenerCount(signal));
    const target = await openTarget({ stateDir });
    expect(["SIGINT", "SIGTERM"].map((signal) => process.listenerCount(signal))).toEqual(listeners);
    expect(target.embedded).toBe(true);
    expect(target.baseUrl).not.toMatch(/\/$/);
    expect(target.context.dialects).toEqual(["rest", "api"]);
    expect(target.blocked.size).toBe(0);
    expect(target.context.libraryId).toMatch(/\S/);
    expect(target.context.subscribedItemId).toMatch(/\S/);
    expect(target.setupChecks().filter((check) => check.status !== "pass")).toEqual([]);
    expect(new ResourceLedger(stateDir, target.runId).outstanding().length).toBeGreaterThan(0);

    const closed = await target.close();
    expect(closed.problems).toEqual([]);
    expect(new ResourceLedger(stateDir, target.runId).outstanding()).toEqual([]);
    expect(await target.close()).toBe(closed);
  });
});
