import { describe, expect, it } from "vitest";
import { type ResultsDocument, toResultsJson } from "../reporters/json.ts";
import type { RunResult } from "../src/results/model.ts";
import { emptyRun, everyStatusRun, nastyRun } from "./support/sample-run.ts";

/** What JSON keeps of a value: `undefined` members dropped, everything else as is. */
function jsonRoundTrip(run: RunResult): unknown {
  return JSON.parse(JSON.stringify(run));
}

describe("the JSON results", () => {
  it("hold the whole run plus a summary of counts and the exit verdict", () => {
    const run = everyStatusRun();
    const document = JSON.parse(toResultsJson(run)) as ResultsDocument;
    const { schemaVersion, summary, checks, ...rest } = document;
    const { checks: runChecks, ...runRest } = jsonRoundTrip(run) as { checks: Record<string, unknown>[] };
    expect(schemaVersion).toBe(1);
    expect(rest).toEqual(runRest);
    // Each result as the run has it, plus its unique key.
    expect(checks).toEqual(
      runChecks.map((check) => ({
        key: `${String(check.dialect)}/${String(check.suite)}/${String(check.id)}`,
        ...check,
      })),
    );
    expect(summary).toEqual({
      total: 6,
      counts: { pass: 1, fail: 1, warn: 1, skip: 1, blocked: 1, error: 1 },
      exitVerdict: "fail",
      verdictReasons: [
        "1 check failed",
        "1 check ended in a harness or network error, verdict unknown",
        "1 check blocked by a failed prerequisite, verdict unknown",
      ],
      selection: [],
      expectedFailures: 0,
    });
  });

  it("say how a filtered run was narrowed, in the summary and in the run's selection", () => {
    const run = everyStatusRun({
      dialects: ["api"],
      selection: {
        grep: "lifecycle",
        dialect: "api",
        notConfigured: ["the privilege checks are skipped: no --limited-username"],
      },
    });
    const document = JSON.parse(toResultsJson(run)) as ResultsDocument;
    expect(document.summary.selection).toEqual([
      "only the checks matching --grep 'lifecycle'",
      "only the api dialect (--dialect api)",
      "the privilege checks are skipped: no --limited-username",
    ]);
    expect(document.selection).toEqual(run.selection);
  });

  it("put the layout version and the summary first and are pretty-printed with a final newline", () => {
    const text = toResultsJson(everyStatusRun());
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "summary": {')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("follow fail-on in the verdict, and never pass an empty run", () => {
    const warnOnly = everyStatusRun({ checks: everyStatusRun().checks.filter((c) => c.status === "warn") });
    const verdict = (run: RunResult) =>
      (JSON.parse(toResultsJson(run)) as ResultsDocument).summary.exitVerdict;
    expect(verdict(warnOnly)).toBe("pass");
    expect(verdict({ ...warnOnly, failOn: "should" })).toBe("fail");
    expect(verdict(emptyRun())).toBe("incomplete");
  });

  it("keep bodies whole and control characters escaped, unlike the human reports", () => {
    const run = nastyRun();
    const document = JSON.parse(toResultsJson(run)) as ResultsDocument;
    expect(document.checks[0]?.transcript.at(-1)?.response?.body).toBe(
      run.checks[0]?.transcript.at(-1)?.response?.body,
    );
  });
});
