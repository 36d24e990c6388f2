import { describe, expect, it } from "vitest";
import { inBothDialects, runAgainstFaults, withStatus } from "./support/run-against-faults.ts";

// list filtered by an item must leave out the sessions of other items: shown with two items that have a
// session each, so a target that ignores the filter cannot pass by there being only one session.

describe("lifecycle.list.filter-excludes-other-items", { timeout: 300_000 }, () => {
  it("fails against a target that ignores library_item_id, naming the other item's session", async () => {
    const outcome = await runAgainstFaults(["list-ignores-filter"], "lifecycle\\.list\\.filter");
    expect(withStatus(outcome, "fail")).toEqual(
      inBothDialects(["lifecycle.list.filter-excludes-other-items"]),
    );
    const check = outcome.results?.checks.find((c) => c.id === "lifecycle.list.filter-excludes-other-items");
    expect(check?.expected).toMatch(/^a list without \S+ \(the session of item \S+\)$/);
  });

  it("passes against the unmodified server", async () => {
    const outcome = await runAgainstFaults([], "lifecycle\\.list\\.filter");
    expect(outcome.code).toBe(0);
    expect(withStatus(outcome, "pass")).toEqual(
      inBothDialects(["lifecycle.list.filter-excludes-other-items", "protocol.response-schema"]),
    );
  });
});
