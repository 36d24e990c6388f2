import { describe, expect, it } from "vitest";
import { inBothDialects, runAgainstFaults, withStatus } from "./support/run-against-faults.ts";

// One deviation must not hide others: a target that accepts complete, cancel, fail and keep_alive on ended
// sessions and moves them to another state still gets a verdict for every wrong-state check, because each
// check gets a session verified to be in its state right before its call. And a refusal that moved the
// session anyway is reported by the state-kept checks alone.

const movers = ["complete", "cancel", "fail", "keep-alive"];
const states = ["done", "canceled", "error"];

describe("wrong-state checks against a target whose ended sessions move", { timeout: 300_000 }, () => {
  it("accepting and moving: no check blocked; exactly the refusal and state-kept checks of those operations fail", async () => {
    const outcome = await runAgainstFaults(
      ["complete-ends-any-state", "cancel-ends-any-state", "fail-ends-any-state", "keep-alive-reopens"],
      "wrong-state",
    );
    expect(outcome.code).toBe(1);
    expect(withStatus(outcome, "blocked")).toEqual([]);
    expect(withStatus(outcome, "error")).toEqual([]);
    expect(withStatus(outcome, "fail")).toEqual(
      inBothDialects([
        ...states.flatMap((state) => movers.map((operation) => `wrong-state.${state}.${operation}`)),
        ...movers.map((operation) => `wrong-state.state-kept.${operation}`),
      ]),
    );
  });

  it("refusing but moving: only the state-kept checks fail, and each lists every state's outcome", async () => {
    const outcome = await runAgainstFaults(
      [
        "complete-refusal-ends-session",
        "cancel-refusal-ends-session",
        "fail-refusal-ends-session",
        "keep-alive-refusal-reopens",
      ],
      "wrong-state",
    );
    expect(outcome.code).toBe(1);
    expect(withStatus(outcome, "blocked")).toEqual([]);
    expect(withStatus(outcome, "fail")).toEqual(
      inBothDialects(movers.map((operation) => `wrong-state.state-kept.${operation}`)),
    );
    const cancelKept = outcome.results?.checks.find(
      (check) => check.id === "wrong-state.state-kept.cancel" && check.dialect === "api",
    );
    expect(cancelKept?.message).toContain("2 of 3 not as documented");
    expect(cancelKept?.message).toMatch(
      /DONE session: .*"CANCELED".*CANCELED session: as documented.*ERROR session: .*"CANCELED"/,
    );
  });
});
