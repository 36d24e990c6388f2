/**
 * Named points of the reference implementation that the fault layer (server/deviations/) may wrap. The
 * operations stay the faithful implementation: a point is an ordinary function of it, given a name so a
 * fault variant can put a named override around it (run something before, change the result after, or
 * answer in its place) without a branch in the operation's main path.
 */

/** What a point needs from its caller to find the overrides switched on for this server. */
export interface Overridden {
  readonly overrides: Overrides;
}

/** One override around a point: `next` is the point's own behaviour (or the next override inward). */
export type Around<C, A extends unknown[], R> = (
  next: (context: C, ...args: A) => R,
  context: C,
  ...args: A
) => R;

/** The overrides a server runs with: the wrappers around each named point, outermost first. */
export interface Overrides {
  around(point: string): readonly Around<never, never[], unknown>[];
  /**
   * True when no point has an override and nobody watches which points are asked: the faithful server,
   * which may keep a result and skip the points that made it (server/operations/views.ts).
   */
  readonly none: boolean;
}

/** A server that deviates from nothing: every point is its faithful self. */
export const noOverrides: Overrides = { around: () => [], none: true };

/** A function of the implementation with a name the fault layer can hook. Called like the function. */
export interface OverridablePoint<C extends Overridden, A extends unknown[], R> {
  (context: C, ...args: A): R;
  readonly point: string;
}

export function overridable<C extends Overridden, A extends unknown[], R>(
  point: string,
  faithful: (context: C, ...args: A) => R,
): OverridablePoint<C, A, R> {
  const call = (context: C, ...args: A): R => {
    // The faithful server asks nothing: most requests pass a dozen points.
    if (context.overrides.none) return faithful(context, ...args);
    const wrappers = context.overrides.around(point) as unknown as readonly Around<C, A, R>[];
    if (wrappers.length === 0) return faithful(context, ...args);
    const chain = wrappers.reduceRight<(c: C, ...a: A) => R>(
      (next, wrap) =>
        (c, ...a) =>
          wrap(next, c, ...a),
      faithful,
    );
    return chain(context, ...args);
  };
  return Object.assign(call, { point });
}
