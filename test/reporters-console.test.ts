import { describe, expect, it } from "vitest";
import {
  failureLines,
  runErrorLines,
  selectionLine,
  suiteProgressLine,
  summaryLine,
} from "../reporters/console.ts";
import { everyStatusRun, failingCheck, nastyRun, sampleCheck } from "./support/sample-run.ts";

// eslint-disable-next-line no-control-regex -- the escape character is what these tests look for
const ansi = /\u001b\[/;

describe("console lines", () => {
  const run = everyStatusRun({ runErrors: ["cleanup left session-9 behind"] });

  it("list each failed, errored and warned check with its status, id, dialect, level and reason", () => {
    expect(failureLines(run)).toEqual([
      "FAIL    lifecycle.complete.twice-not-allowed [rest] MUST: second complete returned 200, expected 400 not_allowed_in_current_state",
      "ERROR   lifecycle.delete.removes [rest] MUST: no response from the target: connect ECONNREFUSED 192.0.2.10:443",
      "WARN    lifecycle.keep-alive.extends-expiry [api] SHOULD: expiration_time did not move after keep-alive",
    ]);
    expect(runErrorLines(run)).toEqual(["RUN ERROR cleanup left session-9 behind"]);
  });

  it("summarise every status count, the run errors, the duration and the verdict", () => {
    expect(summaryLine(run)).toBe(
      "6 checks: 1 pass, 1 fail, 1 warn, 1 skip, 1 blocked, 1 error; 1 run error; in 4.3 s; verdict FAIL (fail on must): 1 check failed; 1 run error (problems of the run itself); 1 check ended in a harness or network error, verdict unknown; 1 check blocked by a failed prerequisite, verdict unknown",
    );
    expect(summaryLine({ ...run, checks: [sampleCheck()], runErrors: [] })).toBe(
      "1 check: 1 pass, 0 fail, 0 warn, 0 skip, 0 blocked, 0 error; in 4.3 s; verdict PASS (fail on must)",
    );
  });

  it("report a finished suite by its worst status and its non-zero counts", () => {
    expect(suiteProgressLine("lifecycle", "rest", [sampleCheck(), failingCheck()])).toBe(
      "FAIL    lifecycle [rest]  2 checks: 1 pass, 1 fail (30 ms)",
    );
    expect(suiteProgressLine("files", "api", [sampleCheck({ status: "skip", durationMs: 1500 })])).toBe(
      "SKIP    files [api]  1 check: 1 skip (1.5 s)",
    );
  });

  it("tag a suite by its worst meaningful status: passes with a skip are a passing suite", () => {
    const checks = [...Array.from({ length: 29 }, () => sampleCheck()), sampleCheck({ status: "skip" })];
    expect(suiteProgressLine("model", "api", checks)).toMatch(
      /^PASS {4}model \[api\] {2}30 checks: 29 pass, 1 skip /,
    );
    expect(suiteProgressLine("model", "api", [...checks, sampleCheck({ status: "blocked" })])).toMatch(
      /^BLOCKED model \[api\]/,
    );
  });

  it("say an incomplete verdict and its reasons, and a partial run's selection", () => {
    const blocked = { ...run, checks: [sampleCheck({ status: "blocked" })], runErrors: [] };
    expect(summaryLine(blocked)).toMatch(
      /verdict INCOMPLETE \(fail on must\): 1 check blocked by a failed prerequisite, verdict unknown$/,
    );
    expect(selectionLine(run)).toBeUndefined();
    expect(
      selectionLine({
        dialects: ["api"],
        selection: {
          grep: "^auth",
          dialect: "auto",
          notConfigured: ["the privilege checks are skipped: no --limited-username"],
        },
      }),
    ).toBe(
      "partial run: only the checks matching --grep '^auth'; only the api dialect: the target serves no other (--dialect auto); the privilege checks are skipped: no --limited-username",
    );
  });

  it("contain no ANSI escape unless colour is asked for", () => {
    const plain = [
      ...failureLines(run, { color: false }),
      ...runErrorLines(run, { color: false }),
      summaryLine(run, { color: false }),
      suiteProgressLine("lifecycle", "rest", run.checks, { color: false }),
      ...failureLines(run),
    ];
    for (const line of plain) expect(line).not.toMatch(ansi);
    expect(failureLines(run, { color: true })[0]).toMatch(ansi);
    expect(summaryLine(run, { color: true })).toMatch(ansi);
    expect(suiteProgressLine("lifecycle", "rest", run.checks, { color: true })).toMatch(ansi);
  });

  it("neutralise control characters and line breaks from the target", () => {
    for (const line of failureLines(nastyRun(), { color: false })) {
      // eslint-disable-next-line no-control-regex -- looking for the characters a terminal would obey
      expect(line).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/);
    }
  });
});
