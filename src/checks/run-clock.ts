import { setTimeout as sleep } from "node:timers/promises";

/** Resolves once the clock it belongs to has reached `epochMs` (at once when it already has). */
export type WaitUntil = (epochMs: number) => Promise<void>;

/**
 * The time as the checks that wait for it see it: the target's idle expiry is watched by reading this
 * clock and waiting for it to reach an instant. Against a target in this process whose clock the run may
 * move (the embedded reference server), waiting moves that clock at once; against any other target it is
 * the system clock, and waiting is real.
 */
export interface RunClock {
  /** Milliseconds since the epoch, on the target's clock as far as the run can know it. */
  now(): number;
  /**
   * Runs the steps of one timed check with the clock to themselves: in them `waitUntil` waits for an
   * instant, and no other check's wait moves the clock, so between two of their requests only the time
   * they waited for and the requests' own time pass, as on a real clock.
   */
  exclusive<T>(steps: (waitUntil: WaitUntil) => Promise<T>): Promise<T>;
}

/** The system clock: waiting sleeps, and nothing but time moves it. */
export const systemRunClock: RunClock = {
  now: () => Date.now(),
  exclusive: (steps) =>
    steps(async (epochMs) => {
      // A timer may fire a millisecond before Date.now() reaches its instant (timers run on the monotonic
      // clock, rounded): sleep again until the wall clock has passed it, as the checks' margins assume.
      for (let ahead = epochMs - Date.now(); ahead > 0; ahead = epochMs - Date.now()) await sleep(ahead);
    }),
};

/**
 * A clock running with the system's plus an offset that waiting raises, moving to the instant waited for at
 * once. Timed checks take it one at a time: a check waiting beside another (the same suite in the other
 * dialect) would otherwise move the clock under the other's feet, as a pause of seconds between two of its
 * requests that no real clock would show.
 */
export class AdvancingClock implements RunClock {
  #offsetMs = 0;
  #turn: Promise<unknown> = Promise.resolve();

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  exclusive<T>(steps: (waitUntil: WaitUntil) => Promise<T>): Promise<T> {
    const turn = this.#turn.then(() =>
      steps((epochMs) => {
        const ahead = epochMs - this.now();
        if (ahead > 0) this.#offsetMs += ahead;
        return Promise.resolve();
      }),
    );
    this.#turn = turn.catch(() => undefined);
    return turn;
  }
}
