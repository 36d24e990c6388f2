import { describe, expect, it } from "vitest";
import { runUscInProcess } from "./support/usc-in-process.ts";

// Each test awaits a small run (15-40 s on a loaded machine).
describe("usc run selects dialects and checks as asked", { timeout: 180_000 }, () => {
  it("--dialect auto probes the target and tests every dialect it serves", async () => {
    const outcome = await runUscInProcess(["--dialect", "auto", "--grep", "lifecycle\\.create"]);
    expect(outcome.code).toBe(0);
    expect(outcome.results?.dialects).toEqual(["rest", "api"]);
  });

  it("--dialect api with --grep runs only the matching checks, in that dialect, and says so", async () => {
    const outcome = await runUscInProcess(["--dialect", "api", "--grep", "lifecycle\\.(create|get)"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/verdict PASS \(fail on must\)/);
    expect(outcome.stdout).toContain(
      "partial run: only the checks matching --grep 'lifecycle\\.(create|get)'; only the api dialect (--dialect api)",
    );
    expect(outcome.results?.selection).toEqual({
      grep: "lifecycle\\.(create|get)",
      dialect: "api",
      notConfigured: [],
    });
    expect(outcome.markdown).toContain("**This run covers a selection only:**");
    const checks = outcome.results?.checks ?? [];
    const ids = new Set(checks.filter((c) => c.id !== "protocol.response-schema").map((c) => c.id));
    expect([...ids].sort()).toEqual([
      "lifecycle.create.returns-id",
      "lifecycle.get.after-delete",
      "lifecycle.get.members",
    ]);
    expect(new Set(checks.map((c) => c.dialect))).toEqual(new Set(["api"]));
    // Its delete step was not selected, but it ran, unreported, as the check's set-up: the verdict does not
    // depend on the filter.
    expect(checks.find((c) => c.id === "lifecycle.get.after-delete")?.status).toBe("pass");
    expect(ids.has("lifecycle.delete.after-done")).toBe(false);
  });
});
