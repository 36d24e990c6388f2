/**
 * Starts every call at once, so that what they wait for overlaps (in-process usc runs, browsers), for tests
 * that each await their own: `beforeAll(() => (runs = startTogether({ ... })))`. A call that rejects before
 * its test awaits it is that test's failure, not an unhandled rejection.
 */
export function startTogether<K extends string, T>(
  calls: Record<K, () => Promise<T>>,
): Record<K, Promise<T>> {
  const started = {} as Record<K, Promise<T>>;
  for (const name of Object.keys(calls) as K[]) {
    const promise = calls[name]();
    promise.catch(() => undefined);
    started[name] = promise;
  }
  return started;
}
