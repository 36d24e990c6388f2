import type { Around, OverridablePoint, Overridden } from "../operations/overridable.ts";

/**
 * One named override a fault puts around a point of the reference implementation (see
 * server/operations/overridable.ts). Built with `before`, `after`, `around` or `instead`, which type the
 * override by the point it wraps.
 */
export interface Hook {
  readonly point: string;
  readonly around: Around<never, never[], unknown>;
  /** Answers in the point's place without calling it; applied inside every other override of the point. */
  readonly replaces: boolean;
}

function hook<C extends Overridden, A extends unknown[], R>(
  point: OverridablePoint<C, A, R>,
  wrap: Around<C, A, R>,
  replaces: boolean,
): Hook {
  return { point: point.point, around: wrap as unknown as Around<never, never[], unknown>, replaces };
}

/** Wraps the point: the override decides whether and how to call `next`, the point's own behaviour. */
export function around<C extends Overridden, A extends unknown[], R>(
  point: OverridablePoint<C, A, R>,
  wrap: Around<C, A, R>,
): Hook {
  return hook(point, wrap, false);
}

/** Runs first; it may throw (a refusal the documents do not make), then the point runs as written. */
export function before<C extends Overridden, A extends unknown[], R>(
  point: OverridablePoint<C, A, R>,
  check: (context: C, ...args: A) => void,
): Hook {
  return hook(
    point,
    (next, context, ...args) => {
      check(context, ...args);
      return next(context, ...args);
    },
    false,
  );
}

/** Runs the point, then rewrites (or acts on) what it returned. */
export function after<C extends Overridden, A extends unknown[], R>(
  point: OverridablePoint<C, A, R>,
  rewrite: (result: R, context: C, ...args: A) => R,
): Hook {
  return hook(point, (next, context, ...args) => rewrite(next(context, ...args), context, ...args), false);
}

/** Answers in the point's place: the point's own behaviour does not run. */
export function instead<C extends Overridden, A extends unknown[], R>(
  point: OverridablePoint<C, A, R>,
  answer: (context: C, ...args: A) => R,
): Hook {
  return hook(point, (_next, context, ...args) => answer(context, ...args), true);
}
