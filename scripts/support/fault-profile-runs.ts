import {
  allCheckIds,
  failingChecks,
  faultNamed,
  renderCatchMatrix,
  rowProblems,
  type CatchMatrix,
  type VariantRun,
} from "./catch-matrix-runner.ts";
import { faultProfiles, type FaultProfile } from "./fault-profiles.ts";

/**
 * What a composite profile's run (scripts/support/fault-profiles.ts) must show, and the profiles' section of
 * docs/catch-matrix.md. Kept beside the catch-matrix runner, which makes the runs, so that file stays about
 * running one fault at a time.
 */

export function profileNamed(name: string | undefined): FaultProfile | undefined {
  return faultProfiles.find((profile) => profile.name === name);
}

/** `lifecycle.get.members [rest]`: how a profile names one check result. */
function keyOf(check: { id: string; dialect: string }): string {
  return `${check.id} [${check.dialect}]`;
}

/** Every distinct declared catcher of the profile's faults, in catalogue order. */
export function profileCatchers(profile: FaultProfile): string[] {
  const catchers = new Set(profile.faults.flatMap((name) => faultNamed(name)?.catchers ?? []));
  return allCheckIds.filter((id) => catchers.has(id));
}

/** The run's exit and harness trouble: it must exit 1 with no `error` result and no run error. */
export function exitProblems(run: VariantRun): string[] {
  if (run.checks.length === 0) {
    return [`the run produced no check results (exit ${run.code}): ${run.runErrors.join("; ")}`];
  }
  const problems: string[] = [];
  if (run.code !== 1) problems.push(`usc run exited ${run.code}, not 1 (conformance failure)`);
  const errors = run.checks.filter((check) => check.status === "error");
  if (errors.length > 0)
    problems.push(`harness errors: ${errors.map((c) => `${keyOf(c)}: ${c.message}`).join("; ")}`);
  if (run.runErrors.length > 0) problems.push(`run errors: ${run.runErrors.join("; ")}`);
  return problems;
}

/** Blocked checks the profile does not list (or that do not name what they need), and listed ones that ran. */
export function blockedProblems(run: VariantRun, profile: FaultProfile): string[] {
  const problems: string[] = [];
  const blocked = new Map(run.checks.filter((c) => c.status === "blocked").map((c) => [keyOf(c), c]));
  for (const [key, check] of blocked) {
    const reason = profile.blocked[key];
    if (reason === undefined)
      problems.push(`${key} is blocked, and the profile gives no reason: ${check.message}`);
    else if (!check.message.includes(reason.needs))
      problems.push(`${key} is blocked without naming ${reason.needs}: ${check.message}`);
    // "left it at undefined" is JavaScript talking: the message must say the member is absent.
    else if (/\bundefined\b/.test(check.message))
      problems.push(`${key} is blocked with a message that prints undefined: ${check.message}`);
  }
  for (const [key, reason] of Object.entries(profile.blocked)) {
    if (blocked.has(key)) continue;
    const seen = run.checks.find((check) => keyOf(check) === key);
    problems.push(
      `${key} should be blocked (needs ${reason.needs}) but is ${seen === undefined ? "not in the run" : `${seen.status}: ${seen.message}`}`,
    );
  }
  return problems;
}

/** Declared catchers of the profile's faults that did not fail (or warn) in its run. */
export function catcherProblems(run: VariantRun, profile: FaultProfile): string[] {
  const problems: string[] = [];
  const failing = failingChecks(run);
  for (const name of profile.faults) {
    const fault = faultNamed(name);
    if (fault === undefined) {
      problems.push(`${name} is not a fault of server/faults.ts`);
      continue;
    }
    for (const catcher of fault.catchers) {
      if (failing.has(catcher)) continue;
      const seen = run.checks
        .filter((check) => check.id === catcher)
        .map((c) => `${c.status} [${c.dialect}]`);
      problems.push(`${catcher}, a catcher of ${name}, did not fail: ${seen.join(", ") || "it did not run"}`);
    }
  }
  return problems;
}

/** What is wrong with one profile's run, as sentences; empty when it holds. */
export function profileProblems(run: VariantRun, profile: FaultProfile): string[] {
  const exit = exitProblems(run);
  if (run.checks.length === 0) return exit;
  return [...exit, ...blockedProblems(run, profile), ...catcherProblems(run, profile)];
}

/** A run's problems, whichever kind of row it is: the clean run, one fault, or a profile. */
export function runProblems(run: VariantRun): string[] {
  if (run.profile === undefined) return rowProblems(run);
  const profile = profileNamed(run.profile);
  return profile === undefined
    ? [`${run.profile} is not a profile of fault-profiles.ts`]
    : profileProblems(run, profile);
}

function code(text: string): string {
  return `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The heading the profiles' section starts with; the document's last section. */
export const profilesHeading = "## Composite fault profiles";

/** The profiles' section of docs/catch-matrix.md: deterministic, like the rest of the document. */
export function renderProfileSection(runs: readonly VariantRun[]): string {
  const lines = [
    `${profilesHeading} (${runs.length})`,
    "",
    "Real implementations deviate in many ways at once. Each profile (`scripts/support/fault-profiles.ts`) is a",
    "set of faults a sloppy implementation typically has together; the matrix starts one reference server with",
    "all of them (and the same users) and runs every suite against it, as a user would:",
    "",
    "```sh",
    "usc run --target <its url> --fail-on should \\",
    "  --username ... --password ... --other-username ... --other-password ... \\",
    "  --limited-username ... --limited-password ...",
    "```",
    "",
    "A profile holds (test/composite-profiles.test.ts) when `usc run` exits 1, no check has status `error`,",
    "there are no run errors, every declared catcher of every fault in it fails (or warns), and exactly the",
    "checks listed under it below are `blocked`, each naming the value the target did not produce. The idle",
    "timeout is the documented five minutes, so the two checks that wait for expiry skip.",
    "",
    "| profile | what it stands for | faults | checks | pass | fail | warn | skip | blocked | error | run errors | catchers failing |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const notes: string[] = [];
  const blockedRows: string[] = [];
  for (const run of runs) {
    const profile = profileNamed(run.profile);
    if (profile === undefined) continue;
    const counts = { pass: 0, fail: 0, warn: 0, skip: 0, blocked: 0, error: 0 };
    for (const check of run.checks) counts[check.status] += 1;
    const catchers = profileCatchers(profile);
    const failing = failingChecks(run);
    const caught = catchers.filter((id) => failing.has(id)).length;
    lines.push(
      `| ${code(profile.name)}${profile.dependsOn === undefined ? "" : " *"} | ${cell(profile.description)} | ${profile.faults.map(code).join(", ")} | ${run.checks.length} | ${counts.pass} | ${counts.fail} | ${counts.warn} | ${counts.skip} | ${counts.blocked} | ${counts.error} | ${run.runErrors.length} | ${caught} of ${catchers.length} |`,
    );
    if (profile.dependsOn !== undefined) notes.push(`${code(profile.name)}: ${profile.dependsOn}.`);
    const blocked = run.checks
      .filter((check) => check.status === "blocked")
      .map((check) => ({ key: keyOf(check), message: check.message }))
      .sort((a, b) => a.key.localeCompare(b.key));
    for (const { key, message } of blocked) {
      const reason = profile.blocked[key];
      blockedRows.push(
        `| ${code(profile.name)} | ${code(key)} | ${reason === undefined ? "(no reason given)" : code(reason.needs)} | ${cell(reason?.why ?? "")} | ${cell(message)} |`,
      );
    }
  }
  if (notes.length > 0) lines.push("", ...notes.map((note) => `\\* ${note}`));
  lines.push("", "### Blocked checks in the profiles", "");
  if (blockedRows.length === 0) lines.push("None.");
  else
    lines.push(
      "| profile | check | needs | why | its message |",
      "| --- | --- | --- | --- | --- |",
      ...blockedRows,
    );
  lines.push("");
  return lines.join("\n");
}

/** docs/catch-matrix.md: the one-fault matrix, then the profiles. */
export function renderCatchMatrixDocument(matrix: CatchMatrix): string {
  return `${renderCatchMatrix(matrix)}\n${renderProfileSection(matrix.profiles)}`;
}
