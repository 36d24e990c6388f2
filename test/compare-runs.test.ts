import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReferenceServerHandle, startReferenceServer } from "../server/index.ts";
import type { UscRunOutcome } from "../scripts/support/run-embedded.ts";
import { runUscInProcess, uscInProcess } from "./support/usc-in-process.ts";

// usc compare OLD NEW: the answer to "did this change of our mock break anything?" between two real runs
// of the same selection, one against the conforming server and one against a variant with a deviation.

const user = { username: "compare@vsphere.local", password: "Compare-1!" };
const selection = ["--suite", "lifecycle"];

describe("usc compare", { timeout: 300_000 }, () => {
  let good: UscRunOutcome;
  let broken: UscRunOutcome;
  let faulty: ReferenceServerHandle;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "usc-compare-"));
    faulty = await startReferenceServer({ ...user, faults: ["list-ignores-filter"] });
    [good, broken] = await Promise.all([
      runUscInProcess(selection, { timeoutMs: 240_000 }),
      runUscInProcess(["--target", faulty.url, ...selection], {
        timeoutMs: 240_000,
        env: { USC_USERNAME: user.username, USC_PASSWORD: user.password },
      }),
    ]);
  }, 300_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await faulty.close();
  }, 60_000);

  it("reports the new failures and exits 1 when the new run regressed", async () => {
    expect(good.code).toBe(0);
    expect(broken.code).toBe(1);
    const compared = await uscInProcess(["compare", good.reportDir, join(broken.reportDir, "results.json")]);
    expect(compared.code).toBe(1);
    expect(compared.stdout).toMatch(/New failures \(\d+\):/);
    expect(compared.stdout).toMatch(
      /pass -> fail {2}lifecycle\.list\.filter-excludes-other-items \[rest\]: /,
    );
    expect(compared.stdout).toMatch(/pass -> fail {2}lifecycle\.list\.filter-excludes-other-items \[api\]: /);
    expect(compared.stdout).toMatch(/^REGRESSED: \d+ new failures, 0 fixed/m);
  });

  it("reports fixed checks and exits 0 the other way round, in Markdown for a pull request", async () => {
    const compared = await uscInProcess([
      "compare",
      broken.reportDir,
      good.reportDir,
      "--format",
      "markdown",
    ]);
    expect(compared.code).toBe(0);
    expect(compared.stdout).toMatch(/^## Conformance: ✅ no regression$/m);
    expect(compared.stdout).toMatch(/^### Fixed \(\d+\)$/m);
    expect(compared.stdout).toMatch(
      /^- `lifecycle\.list\.filter-excludes-other-items \[rest\]`: fail → \*\*pass\*\*$/m,
    );
  });

  it("shows no change between a run and itself, and lists checks added or removed", async () => {
    const same = await uscInProcess(["compare", good.reportDir, good.reportDir]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(
      /^no regression: 0 new failures, 0 fixed, 0 other changes, 0 added, 0 removed$/m,
    );

    // The old run had one check fewer (an older suite version): the new one shows it as added.
    const document = JSON.parse(JSON.stringify(good.results)) as { checks: { id: string }[] };
    document.checks = document.checks.filter((check) => check.id !== "lifecycle.get.members");
    const older = join(dir, "older.json");
    writeFileSync(older, JSON.stringify(document));
    const added = await uscInProcess(["compare", older, good.reportDir]);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(
      /Checks added \(2\):\n {2}pass {2}lifecycle\.get\.members \[rest\]\n {2}pass {2}lifecycle\.get\.members \[api\]/,
    );
  });

  it("answers unreadable input and bad usage with exit 2 and a clear message", async () => {
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "<html>");
    const cases: [string[], RegExp][] = [
      [["compare", good.reportDir], /give two runs, OLD and NEW \(got 1\)/],
      [["compare", good.reportDir, join(dir, "missing")], /missing does not exist/],
      [["compare", good.reportDir, dir], /results\.json does not exist \(is \S+ a usc report directory\?\)/],
      [["compare", good.reportDir, notJson], /not\.json is not JSON/],
      [["compare", good.reportDir, good.reportDir, "--format", "html"], /--format must be text or markdown/],
      [["compare", "--bogus"], /usc compare: Unknown option '--bogus'/],
      [["baseline"], /--from RESULTS is required/],
      [["baseline", "--from", notJson], /not\.json is not JSON/],
    ];
    for (const [args, message] of cases) {
      const result = await uscInProcess(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
