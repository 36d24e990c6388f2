/** Timing helpers of bench/server.ts: closed-loop workers for a fixed time, and the median. */
import { performance } from "node:perf_hooks";

/** What one measurement saw: each iteration's latency in ms, and the seconds it took. */
export interface Measurement {
  latencies: number[];
  elapsed: number;
}

/** Runs `iteration` from `workers` concurrent loops for `seconds` and returns the latencies in ms. */
export async function measure(
  seconds: number,
  workers: number,
  iteration: (worker: number) => Promise<void>,
): Promise<Measurement> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        const began = performance.now();
        await iteration(worker);
        latencies.push(performance.now() - began);
      }
    }),
  );
  return { latencies, elapsed: (performance.now() - start) / 1000 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
