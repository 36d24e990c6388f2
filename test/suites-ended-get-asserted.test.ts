import { describe, expect, it } from "vitest";
import { faultTable } from "../server/index.ts";
import { inBothDialects, runAgainstFaults, withStatus } from "./support/run-against-faults.ts";

// get answers for a session in any state until it is deleted (get.any-state). A target that answers 404 to
// get of a DONE or CANCELED session used to pass with every check that reads such a session blocked: those
// readings were set-up steps. A reading that is itself documented behaviour is asserted, so the checks that
// make it fail (or warn, at their level), each naming get.any-state, and none is left blocked.

// model.auth.other-user-session-operations needs a second user, which this run has not (the catch matrix's has).
const readers = (faultTable.find((fault) => fault.name === "get-ended-404")?.catchers ?? []).filter(
  (id) => id !== "model.auth.other-user-session-operations",
);

describe("a target that will not show an ended session", { timeout: 300_000 }, () => {
  it("fails every check that reads a DONE or CANCELED session, and blocks none", async () => {
    const outcome = await runAgainstFaults(["get-ended-404"], "wrong-state|lifecycle|files|preview|model");
    expect(outcome.code).toBe(1);
    expect(withStatus(outcome, "blocked")).toEqual([]);
    expect(withStatus(outcome, "error")).toEqual([]);
    const caught = [...withStatus(outcome, "fail"), ...withStatus(outcome, "warn")];
    expect(readers.length).toBeGreaterThan(20);
    expect(inBothDialects(readers).filter((check) => !caught.includes(check))).toEqual([]);
    const delete_ = outcome.results?.checks.find(
      (check) => check.id === "lifecycle.delete.after-done" && check.dialect === "api",
    );
    expect(delete_?.message).toContain("get answers in every state");
    // The delete itself still ran, so the check after it has its verdict.
    expect(withStatus(outcome, "pass")).toContain("lifecycle.get.after-delete [api]");
  });
});
