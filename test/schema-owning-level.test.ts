import { describe, expect, it } from "vitest";
import type { CheckResult } from "../src/results/model.ts";
import { inBothDialects, runAgainstFaults, withStatus } from "./support/run-against-faults.ts";
import type { UscRunOutcome } from "../scripts/support/run-embedded.ts";

// One answer, one verdict, at one level: a response is judged at the level of the check that owns its
// request, and an answer that check accepts ("the target validly does not offer this") is no schema
// failure. The two documented choices below (server/faults.ts choiceTable) are conforming targets: before
// this rule protocol.response-schema failed them at MUST while their owning checks skipped.

/** The checks owning the optional requests, and protocol.response-schema, which judges every response. */
const grep = "^(post-vs-get\\.(get|list|file-list)\\.|model\\.(query-form|pull)\\.|protocol\\.)";

function schemaResults(outcome: UscRunOutcome): CheckResult[] {
  return (outcome.results?.checks ?? []).filter((check) => check.id === "protocol.response-schema");
}

/** The operation a schema result is about: its title starts with the operation id. */
function operationOf(check: CheckResult): string {
  return check.title.slice(0, check.title.indexOf(":"));
}

describe("schema findings at the level of the owning check", { timeout: 240_000 }, () => {
  it("a rest target without the 2014 action forms passes: their 404s are accepted, not schema failures", async () => {
    const outcome = await runAgainstFaults(["action-forms-not-served"], grep);
    expect(withStatus(outcome, "fail")).toEqual([]);
    expect(withStatus(outcome, "warn")).toEqual([]);
    expect(outcome.code).toBe(0);
    const owners = [
      "post-vs-get.get.id-action",
      "post-vs-get.get.body-action",
      "post-vs-get.list.id-action",
      "post-vs-get.list.body-action",
      "post-vs-get.file-list.id-action",
      "post-vs-get.file-list.body-action",
      "model.query-form.get",
    ];
    for (const id of owners) {
      const check = outcome.results?.checks.find((c) => c.id === id && c.dialect === "rest");
      expect(check?.status, id).toBe("skip");
      expect(check?.message).toMatch(/does not serve .* 404 operation_not_found/);
    }
    const forms = schemaResults(outcome).filter((check) => /Action$/.test(operationOf(check)));
    expect(new Set(forms.map(operationOf))).toEqual(
      new Set([
        "updateSession.get.idAction",
        "updateSession.get.bodyAction",
        "updateSession.list.idAction",
        "updateSession.list.bodyAction",
        "updateSession.file.list.idAction",
        "updateSession.file.list.bodyAction",
      ]),
    );
    for (const check of forms) {
      expect(check.status).toBe("skip");
      expect(check.level).toBe("MAY");
      expect(check.message).toMatch(/set aside, accepted by the check that owns the request/);
    }
  });

  it("a target without PULL passes: its unsupported answer to a PULL add is the PULL checks' skip only", async () => {
    const outcome = await runAgainstFaults(["pull-unsupported"], grep);
    expect(withStatus(outcome, "fail")).toEqual([]);
    expect(withStatus(outcome, "warn")).toEqual([]);
    expect(outcome.code).toBe(0);
    expect(withStatus(outcome, "skip")).toEqual(
      expect.arrayContaining(inBothDialects(["model.pull.http", "model.pull.complete-then-poll"])),
    );
    const adds = schemaResults(outcome).filter((check) => operationOf(check) === "updateSession.file.add");
    // In the model suite the two PULL adds were answered unsupported and accepted by their checks, so they
    // are set aside; the PUSH adds of the model checks that run before them (as their set-up) are judged.
    const modelAdds = adds
      .filter((check) => check.suite === "model")
      .sort((a, b) => b.dialect.localeCompare(a.dialect));
    expect(modelAdds.map((check) => [check.dialect, check.status, check.level])).toEqual([
      ["rest", "pass", "MUST"],
      ["api", "pass", "MUST"],
    ]);
    for (const check of modelAdds) {
      expect(check.message).toMatch(
        /2 answer\(s\) set aside, accepted by the check that owns the request.*unsupported/,
      );
    }
    // The PUSH adds of post-vs-get are judged as before, at MUST.
    const pushAdds = adds.filter((check) => check.suite === "post-vs-get");
    expect(pushAdds.map((check) => [check.status, check.level])).toEqual([["pass", "MUST"]]);
  });

  it("a deviation in an optional form warns, as its owning check does, instead of failing at MUST", async () => {
    const outcome = await runAgainstFaults(["action-get-empty"], grep);
    expect(withStatus(outcome, "fail")).toEqual([]);
    expect(withStatus(outcome, "warn")).toEqual([
      "model.query-form.get [rest]",
      "post-vs-get.get.body-action [rest]",
      "post-vs-get.get.id-action [rest]",
      "protocol.response-schema [rest]",
    ]);
    const warned = schemaResults(outcome).filter((check) => check.status === "warn");
    expect(new Set(warned.map(operationOf))).toEqual(
      new Set(["updateSession.get.idAction", "updateSession.get.bodyAction"]),
    );
    for (const check of warned) {
      expect(check.level).toBe("MAY");
      expect(check.message).toMatch(/an optional form: MAY.*expected a JSON body/);
    }
    // A warning does not fail a run at the default --fail-on must.
    expect(outcome.code).toBe(0);
  });
});
