import { describe, expect, it } from "vitest";
import { runUscInProcess } from "./support/usc-in-process.ts";

// A selected check's verdict does not depend on the filter: the checks its suite registers before it run
// first, unreported, as its set-up (the lifecycle's later checks use the session its first check creates).
// Only --exclude leaves a check out entirely.

function statuses(results: { checks: { id: string; dialect: string; status: string }[] } | undefined) {
  return (results?.checks ?? [])
    .filter((check) => check.id !== "protocol.response-schema")
    .map((check) => `${check.dialect} ${check.id} ${check.status}`)
    .sort();
}

describe("a filtered run", { timeout: 300_000 }, () => {
  it("gives a selected check what the checks before it make, and reports only the selection", async () => {
    const run = await runUscInProcess(["--check", "lifecycle.list.includes-session"]);
    expect(run.code).toBe(0);
    expect(statuses(run.results as never)).toEqual([
      "api lifecycle.list.includes-session pass",
      "rest lifecycle.list.includes-session pass",
    ]);
  });

  it("leaves an excluded check out entirely, so what needs it is blocked and says so", async () => {
    const run = await runUscInProcess([
      "--check",
      "lifecycle.get.members",
      "--exclude",
      "lifecycle.create.returns-id",
    ]);
    expect(run.code).toBe(3);
    const checks = (run.results?.checks ?? []).filter((check) => check.id !== "protocol.response-schema");
    expect(checks.map((check) => `${check.dialect} ${check.id} ${check.status}`).sort()).toEqual([
      "api lifecycle.get.members blocked",
      "rest lifecycle.get.members blocked",
    ]);
    for (const check of checks) expect(check.message).toMatch(/lifecycle\.create\.returns-id/);
  });
});
