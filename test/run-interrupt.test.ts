import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ResultsDocument } from "../reporters/index.ts";
import { ResourceLedger } from "../src/ledger/index.ts";

const binary = fileURLToPath(new URL("../bin/usc.js", import.meta.url));

// The run is interrupted after its first suite (15-40 s on a loaded machine), then cleans up and reports.
describe("usc run interrupted with SIGINT", { timeout: 180_000 }, () => {
  it("stops the suites, removes everything it created, writes the reports (incomplete) and exits 3", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "usc-interrupt-"));
    const child = spawn(process.execPath, [binary, "run", "--report-dir", "reports"], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const code = await new Promise<number | null>((resolve, reject) => {
      const bound = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`usc run did not end after SIGINT:\n${stderr}`));
      }, 170_000);
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        // Interrupt once the first suite has finished: the run is then mid-way, with resources on the target.
        if (/\[(rest|api)\]\s+\d+ checks/.test(stderr) && child.exitCode === null && !child.killed)
          child.kill("SIGINT");
      });
      child.on("close", (exit) => {
        clearTimeout(bound);
        resolve(exit);
      });
    });
    expect(code).toBe(3);
    expect(stderr).toMatch(/SIGINT: stopping the suites/);
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(existsSync(join(cwd, "reports", "junit.xml"))).toBe(true);
    const results = JSON.parse(readFileSync(join(cwd, "reports", "results.json"), "utf8")) as ResultsDocument;
    expect(results.interrupted).toBe(true);
    expect(results.summary.exitVerdict).toBe("incomplete");
    expect(results.summary.verdictReasons[0]).toMatch(/^the run was interrupted after \d+ checks?$/);
    const [runId] = readdirSync(join(cwd, ".usc", "runs"));
    const ledger = new ResourceLedger(join(cwd, ".usc"), runId ?? "").snapshot();
    expect(ledger.outstanding).toEqual([]);
    // Creates a cancelled check never saw answered were looked up by name and settled too.
    expect(ledger.pendingIntents).toEqual([]);
  }, 180_000);
});
