import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
// fault's catcher. scripts/catch-matrix.ts makes the runs in a process of its own (it owns its process
// while `usc run` runs in it) and hands them over as JSON.

const packageRoot = fileURLToPath(new URL("../", import.meta.url));
const script = fileURLToPath(new URL("../scripts/catch-matrix.ts", import.meta.url));
// Six full runs, three at a time: about 25 s on a quiet two-core machine, 60 s beside other work.
const runsTimeoutMs = 360_000;

function runProfiles(json: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", script, "--profiles-only", "--parallel", "3", "--json", json, "--no-write"],
      { cwd: packageRoot, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the profile runs did not finish within ${runsTimeoutMs / 1000} s:\n${stderr}`));
    }, runsTimeoutMs);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      resolve(stderr);
    });
  });
}

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
  const dir = mkdtempSync(join(tmpdir(), "usc-composite-profiles-test-"));
  let matrix: CatchMatrix;

  beforeAll(async () => {
    const json = join(dir, "profiles.json");
    const stderr = await runProfiles(json);
    if (!existsSync(json)) throw new Error(`scripts/catch-matrix.ts wrote no results:\n${stderr}`);
    matrix = JSON.parse(readFileSync(json, "utf8")) as CatchMatrix;
  }, runsTimeoutMs + 10_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
