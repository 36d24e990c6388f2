import { choiceNames, faultNames, type ChoiceName, type FaultName, type Faults } from "../faults.ts";
import type { Around, Overrides } from "../operations/overridable.ts";
import { answerHooks } from "./answers.ts";
import { dialectHooks } from "./dialects.ts";
import { expiryHooks } from "./expiry.ts";
import { fileHooks } from "./files.ts";
import type { Hook } from "./hooks.ts";
import { pathHooks } from "./paths.ts";
import { sessionLifecycleHooks } from "./session-lifecycle.ts";
import { signedPreviewHooks } from "./signed-preview.ts";
import { uploadHooks } from "./uploads.ts";
import { viewHooks } from "./views.ts";
import { wireHooks } from "./wire.ts";

type HookTable = { readonly [name in FaultName | ChoiceName]?: Hook };

/**
 * The fault layer, one table per area: for each fault (or documented choice), the named override it puts
 * around a point of the reference implementation, an operation of server/operations/ or a wire decision of
 * http.ts, dialects/, upload.ts or state/store.ts. A fault is a row of the table in faults.ts plus its
 * entry in one of these.
 */
export const hookAreas: { readonly [area: string]: HookTable } = {
  "session-lifecycle": sessionLifecycleHooks,
  files: fileHooks,
  views: viewHooks,
  "signed-preview": signedPreviewHooks,
  wire: wireHooks,
  dialects: dialectHooks,
  uploads: uploadHooks,
  expiry: expiryHooks,
  paths: pathHooks,
  answers: answerHooks,
};

export const operationHooks: HookTable = Object.assign({}, ...Object.values(hookAreas)) as HookTable;

/** The faults and choices that act through an override, in the table's order (the order overrides nest in). */
export const hookedVariants = [...faultNames, ...choiceNames].filter(
  (name) => operationHooks[name] !== undefined,
);

const none: readonly Around<never, never[], unknown>[] = Object.freeze([]);

/**
 * The overrides of a server started with these faults. Overrides that answer in a point's place run
 * innermost, so the others still see them. When someone watches the asks (onFaultAsked), asking for a
 * point's overrides asks `faults.has` about each fault that hooks it, so the watcher learns which traffic
 * a fault can change; otherwise the answer per point is worked out once, and a point no enabled fault
 * hooks costs a map lookup.
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
  const enabledAt = (point: string) =>
    (byPoint.get(point) ?? []).filter(({ name }) => faults.has(name)).map(({ hook }) => hook.around);
  if (faults.watched) return { around: enabledAt, none: false };
  const fixed = new Map<string, readonly Around<never, never[], unknown>[]>();
  for (const point of byPoint.keys()) {
    const enabled = enabledAt(point);
    if (enabled.length > 0) fixed.set(point, enabled);
  }
  return { around: (point) => fixed.get(point) ?? none, none: fixed.size === 0 };
}
