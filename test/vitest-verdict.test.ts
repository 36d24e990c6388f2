/**
 * The status mapping of the vitest integration for every status, on results as `usc run` produces them:
 * the texts are the reports' own (the JUnit failure message, the evidence block, the blocked prefix), and
 * every secret is scrubbed. The statuses a reference server rarely produces (blocked, error) are covered
 * here; test/vitest-status-mapping.test.ts shows the others in a real vitest run.
 */
import { describe, expect, it } from "vitest";
import { blockedPrefix, failureMessage } from "../reporters/junit.ts";
import type { CheckResult, CheckStatus } from "../src/results/model.ts";
import { foldSchemaResults, testVerdict } from "../src/vitest/verdict.ts";

const secret = "Verdict-Secret-1!";

function result(status: CheckStatus, overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    id: "lifecycle.get.members",
    suite: "lifecycle",
    dialect: "api",
    level: status === "warn" ? "SHOULD" : "MUST",
    requirements: ["session.get.members"],
    title: "get shows the documented members",
    status,
    message: `state of a new session: not as documented (login ${secret})`,
    expected: '"ACTIVE"',
    actual: '"ERROR"',
    quote: "The session is ACTIVE once created.",
    transcript: [],
    curl: "curl -sS http://127.0.0.1:1/api/content/library/item/update-session/x",
    durationMs: 3,
    ...overrides,
  };
}

describe("testVerdict", () => {
  it("passes a pass", () => {
    expect(testVerdict(result("pass"), "must", [secret])).toEqual({ kind: "pass" });
  });

  for (const status of ["fail", "error"] as const) {
    it(`fails a ${status} with the JUnit failure message, then the evidence, without the secret`, () => {
      const verdict = testVerdict(result(status), "must", [secret]);
      expect(verdict.kind).toBe("fail");
      const message = verdict.kind === "fail" ? verdict.message : "";
      const [first, blank, ...evidence] = message.split("\n");
      expect(first).toBe(failureMessage(result(status)).replace(secret, "<redacted>"));
      expect(blank).toBe("");
      expect(evidence[0]).toBe(
        "Check: lifecycle.get.members (lifecycle, api, MUST; requirements: session.get.members)",
      );
      expect(evidence).toContain('Documents say: "The session is ACTIVE once created."');
      expect(evidence).toContain("Reproduce:");
      expect(message).not.toContain(secret);
    });
  }

  it("passes a warn with a warning note, and fails it when the run fails on SHOULD", () => {
    const warn = result("warn");
    expect(testVerdict(warn, "must", [secret])).toEqual({
      kind: "warn",
      note: `WARNING (SHOULD): ${failureMessage(warn)}`.replace(secret, "<redacted>"),
    });
    expect(testVerdict(warn, "should", [secret]).kind).toBe("fail");
  });

  it("skips a skip with its reason and a blocked check with the reports' blocked prefix", () => {
    expect(
      testVerdict(result("skip", { message: "the 2014 forms\nexist only in rest" }), "should", []),
    ).toEqual({
      kind: "skip",
      note: "the 2014 forms exist only in rest",
    });
    expect(testVerdict(result("blocked", { message: "needs the session" }), "should", [])).toEqual({
      kind: "skip",
      note: `${blockedPrefix}needs the session`,
    });
  });
});

describe("foldSchemaResults", () => {
  it("is a pass when every operation matched, and names every failing operation otherwise", () => {
    const passes = [result("pass", { message: "2 of get" }), result("pass", { message: "1 of list" })];
    expect(foldSchemaResults(passes)?.status).toBe("pass");
    const failing = [
      ...passes,
      result("fail", { message: "get: bad" }),
      result("fail", { message: "list: bad" }),
    ];
    const folded = foldSchemaResults(failing);
    expect(folded?.status).toBe("fail");
    expect(folded?.message).toBe("2 operations answered outside the spec: get: bad; list: bad");
    expect(foldSchemaResults([])).toBeUndefined();
  });
});
