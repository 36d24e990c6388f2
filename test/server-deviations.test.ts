import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hookAreas, overridesOf } from "../server/deviations/index.ts";
import { choiceNames, faultNames, Faults } from "../server/faults.ts";
import type { OperationContext } from "../server/operations/context.ts";
import { OperationError } from "../server/operations/errors.ts";
import {
  cancelUpdateSession,
  createUpdateSession,
  getUpdateSession,
} from "../server/operations/update-sessions.ts";
import { systemClock } from "../server/state/clock.ts";
import { operationContext } from "./support/operation-context.ts";

// The reference server's faults sit beside the faithful code: only the fault layer (faults.ts,
// deviations/) knows them, each fault acts through exactly one override, and the overrides nest and
// report the way the layer promises.

const serverDir = fileURLToPath(new URL("../server/", import.meta.url));

function sourcesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".ts"))
    .map((path) => ({ path, text: readFileSync(join(dir, path), "utf8") }));
}

function contextWith(faults: Faults): OperationContext {
  return operationContext({ clock: systemClock, overrides: overridesOf(faults) }).context;
}

describe("faults beside the faithful code", () => {
  it("server/operations/ never asks whether a fault is on", () => {
    const asking = sourcesUnder(join(serverDir, "operations"))
      .filter(({ path, text }) => path !== "context.ts" && /\bfaults\b/.test(text))
      .map(({ path }) => path);
    expect(asking).toEqual([]);
  });

  it("only the fault layer asks whether a fault is on; the rest of the server never sees the fault table", () => {
    // faults.ts is the table, deviations/ the overrides, index.ts builds a server's overrides from the names.
    const layer = (path: string) =>
      path === "faults.ts" || path === "index.ts" || path.startsWith("deviations");
    const asking = sourcesUnder(serverDir)
      .filter(
        ({ path, text }) =>
          !layer(path) && (/\bfaults\.has\(/.test(text) || /from "[./]*\/faults\.ts"/.test(text)),
      )
      .map(({ path }) => path);
    expect(asking).toEqual([]);
  });

  it("every fault and choice acts through exactly one override, in one area's table", () => {
    const areas = Object.entries(hookAreas).flatMap(([area, table]) =>
      Object.keys(table).map((name) => ({ area, name })),
    );
    const placed = (name: string) => areas.filter((entry) => entry.name === name).map(({ area }) => area);
    const misplaced = [...faultNames, ...choiceNames]
      .map((name) => ({ name, areas: placed(name) }))
      .filter(({ areas }) => areas.length !== 1);
    expect(misplaced).toEqual([]);
    const known: readonly string[] = [...faultNames, ...choiceNames];
    expect(areas.filter(({ name }) => !known.includes(name))).toEqual([]);
  });

  it("without a watcher, a point's overrides are worked out once: a request allocates nothing for them", () => {
    const overrides = overridesOf(new Faults(["not-found-as-400"]));
    expect(overrides.around("wire.error-kind")).toHaveLength(1);
    expect(overrides.around("wire.error-kind")).toBe(overrides.around("wire.error-kind"));
    expect(overrides.around("wire.error-status")).toHaveLength(0);
    expect(overrides.around("wire.error-status")).toBe(overrides.around("wire.json-body"));
  });

  it("an override that answers in a point's place runs inside the others of that point", () => {
    // second-active-session answers the item-free check in its place and comes first in the table;
    // item-busy-after-cancel's refusal wraps the same point and must still run.
    const context = contextWith(new Faults(["second-active-session", "item-busy-after-cancel"]));
    createUpdateSession(context, { library_item_id: "item-1" }, undefined);
    const second = createUpdateSession(context, { library_item_id: "item-1" }, undefined);
    cancelUpdateSession(context, second);
    let refusal: unknown;
    try {
      createUpdateSession(context, { library_item_id: "item-1" }, undefined);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(OperationError);
    expect((refusal as OperationError).kind).toBe("resource_busy");
  });

  it("tells onFaultAsked about the faults whose point a request reaches, and only those", () => {
    const asked = new Set<string>();
    const context = contextWith(new Faults([], (name) => asked.add(name)));
    const id = createUpdateSession(context, { library_item_id: "item-1" }, undefined);
    asked.clear();
    getUpdateSession(context, id);
    expect(asked).toContain("get-ended-404");
    expect(asked).toContain("expiration-missing");
    expect(asked).not.toContain("delete-active");
    expect(asked).not.toContain("file-add-no-upload-endpoint");
  });
});
