import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ResourceLedger } from "../src/ledger/index.ts";

const binary = fileURLToPath(new URL("../bin/usc.js", import.meta.url));

describe("usc run interrupted with SIGINT", () => {
  it("stops the suites, removes everything it created, writes the reports and exits 2", async () => {
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
      }, 120_000);
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
    expect(code).toBe(2);
    expect(stderr).toMatch(/SIGINT: stopping the suites/);
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(existsSync(join(cwd, "reports", "junit.xml"))).toBe(true);
    expect(existsSync(join(cwd, "reports", "results.json"))).toBe(true);
    const [runId] = readdirSync(join(cwd, ".usc", "runs"));
    const ledger = new ResourceLedger(join(cwd, ".usc"), runId ?? "").snapshot();
    expect(ledger.outstanding).toEqual([]);
    // Creates a cancelled worker never saw answered were looked up by name and settled too.
    expect(ledger.pendingIntents).toEqual([]);
    // Under a loaded 2-core machine the run takes 25-35 s to reach its first suite and stop.
  }, 180_000);
});
