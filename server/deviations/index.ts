import { choiceNames, faultNames, type ChoiceName, type FaultName, type Faults } from "../faults.ts";
import type { Around, Overrides } from "../operations/overridable.ts";
import { fileHooks } from "./files.ts";
import type { Hook } from "./hooks.ts";
import { sessionLifecycleHooks } from "./session-lifecycle.ts";
import { signedPreviewHooks } from "./signed-preview.ts";
import { viewHooks } from "./views.ts";

/**
 * The fault layer: for each fault (or documented choice) that changes what an operation does, the named
 * override it puts around a point of the reference implementation (server/operations/). A fault is a row
 * of the table in faults.ts plus its entry here; the wire-level faults (encodings, status codes, error
 * bodies, the 2014 forms, uploads, expiry) stay where the wire is written: http.ts, dialects/, upload.ts and
 * state/store.ts.
 */
export const operationHooks: { readonly [name in FaultName | ChoiceName]?: Hook } = {
  ...sessionLifecycleHooks,
  ...fileHooks,
  ...viewHooks,
  ...signedPreviewHooks,
};

/** The faults and choices that act through an override, in the table's order (the order overrides nest in). */
export const hookedVariants = [...faultNames, ...choiceNames].filter(
  (name) => operationHooks[name] !== undefined,
);

/**
 * The overrides of a server started with these faults. Asking for a point's overrides asks `faults.has`
 * about each fault that hooks it, so `onFaultAsked` still tells which traffic a fault can change.
 * Overrides that answer in a point's place run innermost, so the others still see them.
 */
export function overridesOf(faults: Faults): Overrides {
  const byPoint = new Map<string, Array<{ name: FaultName | ChoiceName; hook: Hook }>>();
  for (const name of hookedVariants) {
    const hook = operationHooks[name];
    if (hook === undefined) continue;
    const hooks = byPoint.get(hook.point) ?? [];
    hooks.push({ name, hook });
    byPoint.set(hook.point, hooks);
  }
  for (const hooks of byPoint.values())
    hooks.sort((a, b) => Number(a.hook.replaces) - Number(b.hook.replaces));
  return {
    around(point: string): readonly Around<never, never[], unknown>[] {
      const hooks = byPoint.get(point);
      if (hooks === undefined) return [];
      return hooks.filter(({ name }) => faults.has(name)).map(({ hook }) => hook.around);
    },
  };
}
