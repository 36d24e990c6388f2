import { describe, expect, it } from "vitest";
import { junitSchemaErrors } from "./fixtures/junit/lint.ts";
import { runUsc } from "../scripts/support/run-embedded.ts";

// Every test awaits one whole run; the timeout leaves a wide margin over its duration on a loaded machine.
describe("usc run against the embedded reference server", { timeout: 300_000 }, () => {
  const password = "Embedded-Secret-42!";
  const run = runUsc([], {
    timeoutMs: 280_000,
    env: { USC_USERNAME: "conformance@vsphere.local", USC_PASSWORD: password },
  });

  it("exits 0 with every check run in both dialects and no failure", async () => {
    const outcome = await run;
    expect(outcome.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(outcome.code).toBe(0);
    const results = outcome.results;
    expect(results?.dialects).toEqual(["rest", "api"]);
    expect(results?.embeddedTarget).toBe(true);
    const statuses = new Set(results?.checks.map((c) => c.status));
    expect([...statuses].filter((s) => s === "fail" || s === "error" || s === "blocked")).toEqual([]);
    expect(results?.runErrors).toEqual([]);
    for (const dialect of ["rest", "api"]) {
      expect(results?.checks.filter((c) => c.dialect === dialect).length).toBeGreaterThan(20);
    }
  });

  it("prints a progress line per suite and a closing summary with the verdict", async () => {
    const outcome = await run;
    expect(outcome.stderr).toMatch(/lifecycle \[rest\]/);
    expect(outcome.stderr).toMatch(/lifecycle \[api\]/);
    expect(outcome.stdout).toMatch(/\d+ checks: \d+ pass, 0 fail, .*verdict PASS/);
  });

  it("writes a small JUnit report that the Jenkins xunit schema accepts, one testcase per check", async () => {
    const outcome = await run;
    const junit = outcome.junit ?? "";
    expect(await junitSchemaErrors(junit)).toEqual([]);
    expect((junit.match(/<testcase /g) ?? []).length).toBe(outcome.results?.checks.length);
    // An all-pass report carries no transcript by default: about 160 KB for the ~490 checks (1.2 MB with all).
    expect(junit).not.toContain("--- exchange");
    expect(Buffer.byteLength(junit)).toBeLessThan(300_000);
  });

  it("never writes the password or a session token into any report", async () => {
    const outcome = await run;
    for (const text of [
      outcome.junit,
      JSON.stringify(outcome.results),
      outcome.markdown,
      outcome.stdout,
      outcome.stderr,
    ]) {
      expect(text).toBeDefined();
      expect(text).not.toContain(password);
      // Reference server tokens are 32 hex digits; a report may show only the redaction marker in their place.
      expect(text).not.toMatch(/vmware-api-session-id[^\n]{0,12}[0-9a-f]{32}/i);
      expect(text).not.toMatch(/"value\\?"\s*:\s*\\?"[0-9a-f]{32}\\?"/);
    }
  });
});
