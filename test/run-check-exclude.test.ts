import { describe, expect, it } from "vitest";
import { listChecks } from "../src/cli/list-checks.ts";
import { checkSelection, unknownChecks } from "../src/run/selection.ts";
import { catalogues } from "../src/catalogue/index.ts";
import { runUscInProcess, uscInProcess } from "./support/usc-in-process.ts";

const everyCheck = catalogues.flatMap((c) => c.checks.map((check) => ({ suite: c.suite, check })));
const idsSelected = (options: Parameters<typeof checkSelection>[0]) => {
  const selection = checkSelection(options);
  return everyCheck
    .filter(({ suite, check }) => selection.includes(suite, "api", check))
    .map((e) => e.check.id);
};
const doneIds = everyCheck.map((e) => e.check.id).filter((id) => id.startsWith("wrong-state.done."));

describe("--check and --exclude select checks by id or glob", () => {
  it("takes exact ids and * globs, leaves out what --exclude names, and agrees with --suite and --grep", () => {
    expect(
      idsSelected({ grep: undefined, suites: undefined, checks: ["auth.unauthenticated.create"] }),
    ).toEqual(["auth.unauthenticated.create"]);
    expect(doneIds.length).toBeGreaterThan(3);
    expect(idsSelected({ grep: undefined, suites: undefined, checks: ["wrong-state.done.*"] })).toEqual(
      doneIds,
    );
    expect(
      idsSelected({
        grep: undefined,
        suites: undefined,
        checks: ["wrong-state.done.*"],
        exclude: ["wrong-state.done.file-*"],
      }),
    ).toEqual(doneIds.filter((id) => !id.startsWith("wrong-state.done.file-")));
    // A glob's dots are literal: `wrong-state.done.*` does not take an id that merely resembles it.
    expect(idsSelected({ grep: undefined, suites: undefined, checks: ["wrong-stateXdone.*"] })).toEqual([]);
    expect(idsSelected({ grep: undefined, suites: ["auth"], checks: ["wrong-state.done.*"] })).toEqual([]);
    expect(idsSelected({ grep: "cancel", suites: undefined, checks: ["wrong-state.done.*"] })).toEqual([
      "wrong-state.done.cancel",
    ]);
  });

  it("names the patterns that match no check, with the nearest ids", () => {
    expect(unknownChecks(["wrong-state.done.*", "wrong-state.dne.cancel", "zzz"], catalogues)).toEqual([
      { pattern: "wrong-state.dne.cancel", near: ["wrong-state.done.cancel"] },
      { pattern: "zzz", near: [] },
    ]);
  });

  // One usc call in this process (test/support/usc-in-process.ts): well under a second.
  it(
    "refuses a --check that names no check with exit 2, a suggestion and no stack trace",
    { timeout: 60_000 },
    async () => {
      const result = await uscInProcess(["run", "--check", "wrong-state.dne.cancel"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        "usc run: --check wrong-state.dne.cancel names no check; did you mean wrong-state.done.cancel?",
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
  );
});

describe("usc run --list counts what the run will report", () => {
  it("lists only the selected suites and checks, per dialect, and the schema results", () => {
    const auth = catalogues.find((c) => c.suite === "auth")?.checks ?? [];
    const text = listChecks({ grep: undefined, suites: ["auth"] }, "both");
    expect(text).toContain(`auth: ${auth.length} checks, ${auth.length * 2} results (both dialects)`);
    expect(text).not.toMatch(/^ {2}lifecycle\./m);
    expect(text).toContain("every suite run, in addition: one result per operation it called");
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      `1 suite, ${auth.length} checks, both dialects: ${auth.length * 2} results plus one schema result per operation called`,
    );
    const rest = listChecks({ grep: undefined, suites: undefined, exclude: ["auth.*"] }, "rest");
    expect(rest).not.toMatch(/^auth:/m);
    expect(rest).toMatch(/^lifecycle: \d+ checks, \d+ results \(the rest dialect\)$/m);
  });

  // One usc call in this process (test/support/usc-in-process.ts): well under a second.
  it(
    "usc run --list --suite auth prints only auth, without touching a target",
    { timeout: 60_000 },
    async () => {
      const result = await uscInProcess([
        "run",
        "--list",
        "--suite",
        "auth",
        "--target",
        "http://127.0.0.1:9",
      ]);
      expect(result.code).toBe(0);
      const ids = [...result.stdout.matchAll(/^ {2}(\S+)\s/gm)].map((m) => m[1]);
      expect(ids.length).toBeGreaterThan(1);
      expect(ids.every((id) => id?.startsWith("auth.") === true || id === "protocol.response-schema")).toBe(
        true,
      );
    },
  );
});

// A small run against the embedded server: 5-20 s on a loaded machine.
describe("a run filtered by --check and --exclude", { timeout: 120_000 }, () => {
  it("runs only those checks and records the filter in every report", async () => {
    const outcome = await runUscInProcess([
      "--dialect",
      "api",
      "--check",
      "wrong-state.done.*",
      "--exclude",
      "wrong-state.done.file-*",
    ]);
    expect(outcome.code).toBe(0);
    const ran = new Set(
      (outcome.results?.checks ?? []).map((c) => c.id).filter((id) => id !== "protocol.response-schema"),
    );
    expect([...ran].sort()).toEqual(doneIds.filter((id) => !id.startsWith("wrong-state.done.file-")).sort());
    expect(outcome.results?.selection).toMatchObject({
      checks: ["wrong-state.done.*"],
      exclude: ["wrong-state.done.file-*"],
    });
    const note =
      "only the checks wrong-state.done.* (--check); without the checks wrong-state.done.file-* (--exclude)";
    expect(outcome.stdout).toContain(`partial run: ${note}`);
    expect(outcome.markdown).toContain("--exclude");
    expect(outcome.junit).toContain("wrong-state.done.file-*");
  });
});
