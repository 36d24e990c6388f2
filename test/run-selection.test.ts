import { describe, expect, it } from "vitest";
import { runUsc } from "./support/run-embedded.ts";

describe("usc run selects dialects and checks as asked", () => {
  it("--dialect auto probes the target and tests every dialect it serves", async () => {
    const outcome = await runUsc(["--dialect", "auto", "--grep", "lifecycle\\.create"]);
    expect(outcome.code).toBe(0);
    expect(outcome.results?.dialects).toEqual(["rest", "api"]);
  });

  it("--dialect api with --grep runs only the matching checks, in that dialect", async () => {
    const outcome = await runUsc(["--dialect", "api", "--grep", "lifecycle\\.(create|get)"]);
    expect(outcome.code).toBe(0);
    const checks = outcome.results?.checks ?? [];
    const ids = new Set(checks.filter((c) => c.id !== "protocol.response-schema").map((c) => c.id));
    expect([...ids].sort()).toEqual([
      "lifecycle.create.returns-id",
      "lifecycle.get.after-delete",
      "lifecycle.get.members",
    ]);
    expect(new Set(checks.map((c) => c.dialect))).toEqual(new Set(["api"]));
    // Its delete step was not selected: the check is blocked, not judged on a state never reached.
    expect(checks.find((c) => c.id === "lifecycle.get.after-delete")?.status).toBe("blocked");
  });
});
