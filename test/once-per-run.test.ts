import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { oncePerRun } from "./support/once-per-run.ts";

// The catch matrix is made once per vitest run for the files reading it (test/support/catch-matrix-runs.ts):
// a second file must read the first one's result, and must not repeat an attempt that failed.
describe("a result made once per vitest run", () => {
  it("is made by the first caller and read by the next", async () => {
    const name = `made-${process.pid}-${Date.now()}`;
    let makes = 0;
    const make = (path: string) => {
      makes += 1;
      writeFileSync(path, "result");
      return Promise.resolve();
    };
    const first = await oncePerRun(name, 10_000, make);
    const second = await oncePerRun(name, 10_000, make);
    expect(second).toBe(first);
    expect(makes).toBe(1);
  });

  it("is not attempted again after a failure: the next caller gets the first error", async () => {
    const name = `failed-${process.pid}-${Date.now()}`;
    let makes = 0;
    const failing = () => {
      makes += 1;
      return Promise.reject(new Error("the matrix did not finish"));
    };
    await expect(oncePerRun(name, 10_000, failing)).rejects.toThrow("the matrix did not finish");
    await expect(oncePerRun(name, 10_000, failing)).rejects.toThrow(
      /another file of this run failed to make it:\nthe matrix did not finish/,
    );
    expect(makes).toBe(1);
  });

  it("fails when the maker writes nothing", async () => {
    await expect(oncePerRun(`empty-${process.pid}`, 10_000, () => Promise.resolve())).rejects.toThrow(
      /was not made/,
    );
  });
});
