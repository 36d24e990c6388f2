import { describe, expect, it } from "vitest";
import { AdvancingClock, systemRunClock } from "../src/checks/run-clock.ts";

describe("the run's clocks", () => {
  it("the advancing clock moves to the instant waited for at once, and never back", async () => {
    const clock = new AdvancingClock();
    const target = clock.now() + 60_000;
    const started = Date.now();
    await clock.exclusive(async (waitUntil) => {
      await waitUntil(target);
      expect(clock.now()).toBeGreaterThanOrEqual(target);
      const before = clock.now();
      await waitUntil(before - 10_000);
      expect(clock.now()).toBeGreaterThanOrEqual(before);
    });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("the advancing clock gives timed steps one at a time: no other wait moves it under them", async () => {
    const clock = new AdvancingClock();
    const start = clock.now();
    let release = () => undefined as void;
    const first = clock.exclusive(async (waitUntil) => {
      await waitUntil(start + 1_000);
      await new Promise<void>((resolve) => (release = resolve));
      return clock.now();
    });
    const second = clock.exclusive(async (waitUntil) => {
      await waitUntil(start + 50_000);
      return clock.now();
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now()).toBeLessThan(start + 50_000);
    release();
    expect(await first).toBeLessThan(start + 50_000);
    expect(await second).toBeGreaterThanOrEqual(start + 50_000);
  });

  it("the advancing clock passes a failure on and still serves the next timed steps", async () => {
    const clock = new AdvancingClock();
    await expect(clock.exclusive(() => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    await expect(clock.exclusive(() => Promise.resolve("next"))).resolves.toBe("next");
  });

  it("the system clock really sleeps until the instant", async () => {
    const until = Date.now() + 80;
    const at = await systemRunClock.exclusive(async (waitUntil) => {
      await waitUntil(until);
      return Date.now();
    });
    expect(at).toBeGreaterThanOrEqual(until);
    expect(systemRunClock.now()).toBeGreaterThanOrEqual(until);
  });
});
