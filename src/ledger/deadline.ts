/** Bounds each step of a teardown by the teardown's one deadline. */
import { performance } from "node:perf_hooks";

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one step against the target, bounded by the deadline: "late" when the deadline passed while it ran,
 * "not-started" when it had passed already.
 */
export async function beforeDeadline<T>(
  deadline: number,
  step: (signal: AbortSignal) => Promise<T>,
): Promise<T | "late" | "not-started" | { error: string }> {
  const remaining = deadline - performance.now();
  // Timers round to whole milliseconds, so a sliver of time left after the deadline fired counts as none.
  if (remaining < 1) return "not-started";
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), remaining);
  });
  try {
    const outcome = await Promise.race([step(controller.signal), late]);
    if (outcome === "late") controller.abort(new Error("teardown deadline reached"));
    return outcome;
  } catch (error) {
    return { error: errorText(error) };
  } finally {
    clearTimeout(timer);
  }
}
