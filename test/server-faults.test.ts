import { describe, expect, it } from "vitest";
import { faultNames, faultTable, startReferenceServer } from "../server/index.ts";
import { Faults } from "../server/faults.ts";
import { catalogues } from "../src/catalogue/index.ts";
import { suitesFor, unexercisedReasons } from "../scripts/support/catch-matrix-runner.ts";
import { serveUntilListening } from "./support/catch-serve.ts";
import { uscInProcess } from "./support/usc-in-process.ts";

// The fault variants' table and switches, without running any suite (test/catch-matrix.test.ts does that).

const checkIds = new Set(catalogues.flatMap((catalogue) => catalogue.checks.map((check) => check.id)));
const suiteNames = new Set(catalogues.map((catalogue) => catalogue.suite));

describe("the fault table", () => {
  it("holds at least 35 faults, each with a unique kebab-case name", () => {
    expect(faultNames.length).toBeGreaterThanOrEqual(35);
    expect(new Set(faultNames).size).toBe(faultNames.length);
    for (const name of faultNames) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(faultTable.map((fault) => [fault.name, fault] as const))(
    "%s: a one-line description, its dialects, and catchers that are checks of the catalogue",
    (_name, fault) => {
      expect(fault.description).toMatch(/^\S.{10,120}$/);
      expect(fault.dialects.length).toBeGreaterThan(0);
      for (const dialect of fault.dialects) expect(["rest", "api"]).toContain(dialect);
      expect(fault.catchers.length).toBeGreaterThan(0);
      for (const catcher of fault.catchers) expect(checkIds, catcher).toContain(catcher);
      expect(new Set(fault.catchers).size).toBe(fault.catchers.length);
      for (const suite of "suites" in fault ? fault.suites : []) expect(suiteNames).toContain(suite);
      // A run must select at least one suite, or the matrix would run nothing for this fault.
      expect(suitesFor(fault).length).toBeGreaterThan(0);
    },
  );

  it("names a real check for every reason the catch matrix gives", () => {
    for (const id of Object.keys(unexercisedReasons)) expect(checkIds, id).toContain(id);
  });
});

describe("switching faults on", () => {
  it("accepts every fault name, alone and all together", async () => {
    for (const name of faultNames) expect(new Faults([name]).has(name)).toBe(true);
    const server = await startReferenceServer({ faults: [...faultNames] });
    await server.close();
  });

  it("rejects an unknown fault name, listing the known ones", async () => {
    expect(() => new Faults(["no-such-fault"])).toThrow(
      /unknown fault\(s\) no-such-fault \(known: second-active-session, /,
    );
    await expect(startReferenceServer({ faults: ["no-such-fault"] })).rejects.toThrow(/no-such-fault/);
  });

  it("usc serve --fault (repeatable) starts a server with those faults and says so", async () => {
    const served = await serveUntilListening(["--fault", "delete-active", "--fault", "json-as-text-plain"]);
    expect(served.firstLine).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.stderr).toContain("faults: delete-active, json-as-text-plain");
    expect(served.code).toBe(0);
  });

  it("usc serve --fault with an unknown name exits 2, points to --list-faults and suggests near names", async () => {
    const result = await uscInProcess(["serve", "--fault", "delete-active", "--fault", "no-such-fault"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^usc serve: unknown fault 'no-such-fault'; usc serve --list-faults lists all \d+/,
    );
    const near = await uscInProcess(["serve", "--fault", "delete-active-session"]);
    expect(near.code).toBe(2);
    expect(near.stderr).toContain("did you mean");
    expect(near.stderr).toContain("delete-active");
  });

  it("usc serve --list-faults prints every fault with its description, dialects and catchers, and exits 0", async () => {
    const result = await uscInProcess(["serve", "--list-faults"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const blocks = result.stdout.split(/\n(?=\S)/);
    for (const fault of faultTable) {
      const block = blocks.find((text) => text.startsWith(`${fault.name}\n`));
      expect(block, fault.name).toBeDefined();
      expect(block).toContain(fault.description);
      expect(block).toContain(`dialects: ${fault.dialects.join(", ")}`);
      expect(block).toContain(`caught by: ${fault.catchers.join(", ")}`);
    }
    expect(result.stdout).toContain(`${faultTable.length} faults`);
  });
});
