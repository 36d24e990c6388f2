import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import { main, runCommandSafely } from "../src/cli/main.ts";
import { runCommandHandingOver, runCommandWriting } from "../src/cli/run.ts";
import { everyReport, writeReports, writeSelectedReports } from "../src/cli/write-reports.ts";
import type { RunResult } from "../src/results/model.ts";
import { everyStatusRun, secretsList, secretsRun } from "./support/sample-run.ts";

// `usc run` writes every report; a caller that reads only results.json of many runs (the catch matrix,
// scripts/support/catch-matrix-runner.ts) asks for that one alone. What it gets must be exactly what
// `usc run` writes, byte for byte and with the same exit code: only the other reports are left out.

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "usc-report-selection-"));
}

describe("writing only the reports asked for", () => {
  it("results.json alone: the only file, with the bytes writeReports writes", () => {
    const [all, some] = [tempDir(), tempDir()];
    try {
      writeReports(secretsRun(), all, join(all, "junit.xml"), secretsList, "failures");
      const written = writeSelectedReports(
        secretsRun(),
        some,
        join(some, "junit.xml"),
        secretsList,
        "failures",
        ["results"],
      );
      expect(written).toEqual([join(some, "results.json")]);
      expect(readdirSync(some)).toEqual(["results.json"]);
      expect(readFileSync(join(some, "results.json"), "utf8")).toBe(
        readFileSync(join(all, "results.json"), "utf8"),
      );
    } finally {
      for (const dir of [all, some]) rmSync(dir, { recursive: true, force: true });
    }
  });

  it("every report, or none named: the files writeReports writes, results.json always among them", () => {
    const [all, every, none] = [tempDir(), tempDir(), tempDir()];
    try {
      const paths = writeReports(everyStatusRun(), all, join(all, "junit.xml"), [], "all");
      const written = writeSelectedReports(
        everyStatusRun(),
        every,
        join(every, "junit.xml"),
        [],
        "all",
        everyReport,
      );
      expect(written).toEqual(everyReport.map((name) => paths[name].replace(all, every)));
      for (const name of readdirSync(all))
        expect(readFileSync(join(every, name), "utf8"), name).toBe(readFileSync(join(all, name), "utf8"));
      writeSelectedReports(everyStatusRun(), none, join(none, "junit.xml"), [], "all", []);
      expect(readdirSync(none)).toEqual(["results.json"]);
    } finally {
      for (const dir of [all, every, none]) rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("usc run writing results.json only", () => {
  const user = { username: "report-selection@vsphere.local", password: "Report-Selection-1!" };
  let server: ReferenceServerHandle;
  let work: string;

  beforeAll(async () => {
    server = await startReferenceServer({ ...user, faults: ["delete-active"] });
    work = tempDir();
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** One run in `work` (its ledger goes to work/.usc), output silenced; the exit code and the report files. */
  async function run(
    call: (args: string[]) => Promise<number>,
    name: string,
    handedOver?: () => RunResult | undefined,
  ): Promise<{ code: number; files: string[]; results: RunResult }> {
    const reportDir = join(work, name);
    const args = ["--target", server.url, "--username", user.username, "--password", user.password];
    args.push("--check", "wrong-state.active.delete", "--report-dir", reportDir);
    const writes = {
      out: process.stdout.write.bind(process.stdout),
      err: process.stderr.write.bind(process.stderr),
    };
    const cwd = process.cwd();
    const silent = (() => true) as typeof process.stdout.write;
    process.stdout.write = silent;
    process.stderr.write = silent;
    process.chdir(work);
    try {
      const code = await call(args);
      const files = existsSync(reportDir) ? readdirSync(reportDir).sort() : [];
      const results =
        handedOver?.() ?? (JSON.parse(readFileSync(join(reportDir, "results.json"), "utf8")) as RunResult);
      return { code, files, results };
    } finally {
      process.stdout.write = writes.out;
      process.stderr.write = writes.err;
      process.chdir(cwd);
    }
  }

  it("the same exit code and verdicts as usc run, and no other report", async () => {
    const full = await run((args) => main(["run", ...args]), "full");
    const resultsOnly = runCommandWriting(["results"]);
    const only = await run(
      (args) => runCommandSafely("run", () => Promise.resolve(resultsOnly), args),
      "only",
    );
    expect(full.files).toEqual(["junit.xml", "report.html", "report.md", "results.json"]);
    expect(only.files).toEqual(["results.json"]);
    // delete-active makes the selected check fail: exit 1 both ways, from the same verdicts.
    expect(only.code).toBe(1);
    expect(only.code).toBe(full.code);
    const verdicts = (results: RunResult) =>
      results.checks.map(({ id, dialect, status, message }) => ({ id, dialect, status, message }));
    expect(verdicts(only.results)).toEqual(verdicts(full.results));
    expect(verdicts(only.results)).toContainEqual(
      expect.objectContaining({ id: "wrong-state.active.delete", status: "fail" }),
    );
  }, 60_000);

  it("handing the results over instead: the same exit code, verdicts and run errors, redacted, no report", async () => {
    const full = await run((args) => main(["run", ...args]), "full-again");
    let handed: RunResult | undefined;
    const handingOver = runCommandHandingOver((results) => (handed = results));
    const over = await run(
      (args) => runCommandSafely("run", () => Promise.resolve(handingOver), args),
      "handed",
      () => handed,
    );
    expect(handed).toBeDefined();
    expect(over.files).toEqual([]);
    expect(over.code).toBe(1);
    expect(over.code).toBe(full.code);
    const verdicts = (results: RunResult) =>
      results.checks.map(({ id, dialect, level, status, message }) => ({
        id,
        dialect,
        level,
        status,
        message,
      }));
    expect(verdicts(over.results)).toEqual(verdicts(full.results));
    expect(over.results.runErrors).toEqual(full.results.runErrors);
    expect(JSON.stringify(over.results)).not.toContain(user.password);
    expect(JSON.stringify(over.results)).toContain("<redacted>");
  }, 60_000);
});
