import { describe, expect, it } from "vitest";
import { runAgainstFaults } from "./support/run-against-faults.ts";

// The unauthenticated checks send every credential variant (no header, a bogus token, a logged-out token)
// even when the first is answered wrongly, and the verdict lists each variant's outcome.

describe("auth.unauthenticated.* against 401s without a body", { timeout: 300_000 }, () => {
  it("sends all three variants and lists the outcome of each", async () => {
    const outcome = await runAgainstFaults(
      ["unauthenticated-empty-body"],
      "auth\\.unauthenticated\\.(get|complete)",
    );
    const checks = (outcome.results?.checks ?? []).filter((check) => check.id.startsWith("auth."));
    expect(checks.length).toBe(4);
    for (const check of checks) {
      expect(["fail", "warn"]).toContain(check.status);
      // The set-up reads the shared session with the suite's own login; the variants are the 401s.
      const sent = check.transcript.filter((exchange) => exchange.response?.status === 401);
      expect(sent.length, `${check.id} [${check.dialect}]`).toBe(3);
      expect(check.message).toContain("3 of 3 not as documented");
      for (const label of [
        "without a session header",
        "with a token no login issued",
        "with the token of a logged-out session",
      ])
        expect(check.message).toContain(`${label}: `);
    }
  });
});
