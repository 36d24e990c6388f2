import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { profileRuns } from "./support/catch-matrix-runs.ts";
import { catalogues } from "../src/catalogue/index.ts";
import {
  catchMatrixPath,
  type CatchMatrix,
  type VariantRun,
} from "../scripts/support/catch-matrix-runner.ts";
import {
  blockedProblems,
  catcherProblems,
  exitProblems,
  profilesHeading,
  renderProfileSection,
} from "../scripts/support/fault-profile-runs.ts";
import { faultProfiles } from "../scripts/support/fault-profiles.ts";

// Composite fault profiles (issue 9): a reference server with several faults at once, every suite run
// against it. The verdicts must hold on such a target as they do one fault at a time: the run fails, no
// check errs, nothing is blocked except what the target really withheld, and no deviation hides another
// fault's catcher. The runs are the catch matrix's (test/support/catch-matrix-runs.ts): the whole matrix's
// when test/catch-matrix.test.ts runs too, else only the profiles'.

// Alone: six full runs, three at a time, about 25 s on a quiet two-core machine, 60 s beside other work.
// With the whole matrix (147 runs, about 45 CPU-s): what test/catch-matrix.test.ts allows it.
const runsTimeoutMs = 1_200_000;

describe("the profiles themselves", () => {
  const checkIds = new Set<string>(
    catalogues.flatMap((catalogue) => catalogue.checks.map((check) => check.id)),
  );

  it.each(faultProfiles.map((profile) => [profile.name, profile] as const))(
    "%s: every blocked entry names a check of the catalogue in a dialect, and the value it needs",
    (_name, profile) => {
      for (const [key, reason] of Object.entries(profile.blocked)) {
        const match = /^(\S+) \[(rest|api)\]$/.exec(key);
        expect(match, key).not.toBeNull();
        expect(checkIds.has(match?.[1] ?? ""), key).toBe(true);
        expect(reason.needs, key).not.toBe("");
        expect(reason.why, key).not.toBe("");
      }
    },
  );

  it("the all profile holds every fault of the others", () => {
    const all = faultProfiles.find((profile) => profile.name === "all");
    const others = faultProfiles.filter((profile) => profile.name !== "all").flatMap((p) => p.faults);
    expect([...(all?.faults ?? [])].sort()).toEqual([...new Set(others)].sort());
  });
});

describe("composite fault profiles", () => {
  let matrix: CatchMatrix;

  // Waiting for the whole matrix when test/catch-matrix.test.ts makes it (it started earlier, so it is done
  // or given up before this wait ends), else making the profiles' runs.
  beforeAll(async () => {
    matrix = await profileRuns(runsTimeoutMs);
  }, runsTimeoutMs + 60_000);

  function runOf(name: string): VariantRun {
    const run = matrix.profiles.find((candidate) => candidate.profile === name);
    if (run === undefined) throw new Error(`no run for profile ${name}`);
    return run;
  }

  describe.each(
    faultProfiles.map((profile) => [
      profile.dependsOn === undefined
        ? profile.name
        : `${profile.name} (may change with ${profile.dependsOn})`,
      profile,
    ]),
  )("%s", (_title, profile) => {
    it("the run exits 1, with no error result and no run error", () => {
      expect(exitProblems(runOf(profile.name))).toEqual([]);
    });

    it("exactly the checks the profile lists are blocked, each naming the value it needs", () => {
      expect(blockedProblems(runOf(profile.name), profile)).toEqual([]);
    });

    it("every declared catcher of every fault in the profile still fails (or warns)", () => {
      expect(catcherProblems(runOf(profile.name), profile)).toEqual([]);
    });
  });

  it("the profiles' section of docs/catch-matrix.md shows these runs", () => {
    const document = existsSync(catchMatrixPath) ? readFileSync(catchMatrixPath, "utf8") : "";
    const at = document.indexOf(`${profilesHeading} (`);
    if (at === -1 || document.slice(at) !== renderProfileSection(matrix.profiles)) {
      expect.fail(
        "the profiles' section of docs/catch-matrix.md is stale: run npx tsx scripts/catch-matrix.ts",
      );
    }
  });
});
