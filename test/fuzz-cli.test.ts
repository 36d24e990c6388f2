import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRuns } from "../src/ledger/index.ts";
import type { RunResult } from "../src/results/model.ts";
import { startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import { uscInProcess } from "./support/usc-in-process.ts";

/**
 * `usc fuzz` as a user runs it: a divergence on a fault variant prints the shrunk sequence (numbered steps,
 * the diverging exchange, a curl script, seed and path) and exits 1; the printed seed and path replay the
 * same sequence; a conforming server passes and is left clean; usage mistakes exit 2, an unreachable target 3.
 * In this process (test/support/usc-in-process.ts): what usc fuzz finds, prints and writes is the point.
 */
const user = { username: "fuzz-cli@vsphere.local", password: "Fuzz-Cli-Secret-9!" };
const env = { USC_PASSWORD: user.password };

const dirs: string[] = [];

function fuzz(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "usc-fuzz-cli-"));
  dirs.push(dir);
  return uscInProcess(["fuzz", "--username", user.username, "--report-dir", join(dir, "reports"), ...args], {
    env,
    cwd: dir,
    timeoutMs: 150_000,
  }).then((outcome) => {
    const results = join(dir, "reports", "results.json");
    return {
      ...outcome,
      dir,
      results: existsSync(results) ? (JSON.parse(readFileSync(results, "utf8")) as RunResult) : undefined,
      junit: existsSync(join(dir, "reports", "junit.xml"))
        ? readFileSync(join(dir, "reports", "junit.xml"), "utf8")
        : "",
    };
  });
}

/** The numbered step lines of a printed counterexample. */
function stepLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => /^\s+\d+\. /.test(line));
}

describe("usc fuzz", { timeout: 180_000 }, () => {
  let faulty: ReferenceServerHandle;
  let conforming: ReferenceServerHandle;

  beforeAll(async () => {
    faulty = await startReferenceServer({
      ...user,
      host: "127.0.0.1",
      port: 0,
      faults: ["complete-refusal-ends-session"],
    });
    conforming = await startReferenceServer({ ...user, host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await faulty.close();
    await conforming.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("prints a shrunk divergence with its exchange, curl script, seed and path, exits 1; seed and path replay it", async () => {
    const found = await fuzz(["--target", faulty.url, "--dialect", "rest", "--seed", "1"]);
    expect(found.code, found.stderr).toBe(1);
    const steps = stepLines(found.stderr);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.at(-1)).toMatch(/<-- diverges$/);
    expect(found.stderr).toMatch(/\[complete\.requires-active\]/);
    expect(found.stderr).toMatch(/request: {2}GET http:\/\/127\.0\.0\.1:\d+\/rest\//);
    expect(found.stderr).toMatch(/response: 200 \{"value":/);
    expect(found.stderr).toContain("curl -sS");
    expect(found.stderr).toContain("vmware-api-session-id: $USC_SESSION");
    const path = /seed 1, path (\S+)/.exec(found.stderr)?.[1];
    expect(path).toBeDefined();
    expect(found.stderr).toContain(`--dialect rest --seed 1 --path '${path}'`);
    // Never a secret: neither the password nor a session token the target issued.
    for (const text of [found.stdout, found.stderr, JSON.stringify(found.results), found.junit])
      expect(text).not.toContain(user.password);
    const check = found.results?.checks.find((c) => c.suite === "fuzz");
    expect(check).toMatchObject({
      id: "fuzz.model",
      dialect: "rest",
      status: "fail",
      requirements: ["complete.requires-active"],
    });
    expect(check?.transcript.length).toBeGreaterThan(0);
    const script = readFileSync(join(found.dir, "reports", "fuzz-rest-counterexample.sh"), "utf8");
    expect(script.split("\n").filter((line) => line.startsWith("curl ")).length).toBeGreaterThanOrEqual(
      steps.length,
    );
    expect(script).not.toContain(user.password);
    expect(found.junit).toMatch(/<testcase name="fuzz\.model: [^"]*" classname="fuzz\.rest"/);

    const replayed = await fuzz([
      "--target",
      faulty.url,
      "--dialect",
      "rest",
      "--seed",
      "1",
      "--path",
      path as string,
    ]);
    expect(replayed.code, replayed.stderr).toBe(1);
    expect(stepLines(replayed.stderr)).toEqual(steps);
  });

  it("passes a conforming server in both dialects and leaves nothing behind on it", async () => {
    const outcome = await fuzz(["--target", conforming.url, "--runs", "8", "--seed", "7"]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.results?.checks.map((c) => `${c.suite} ${c.dialect} ${c.status}`)).toEqual([
      "fuzz rest pass",
      "fuzz api pass",
    ]);
    const auth = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`;
    const login = await fetch(`${conforming.url}/api/session`, {
      method: "POST",
      headers: { authorization: auth },
    });
    const token = (await login.json()) as string;
    const read = async (path: string) =>
      (await fetch(`${conforming.url}${path}`, { headers: { "vmware-api-session-id": token } })).json();
    expect(await read("/api/content/library/item/update-session")).toEqual([]);
    expect(await read("/api/content/local-library")).toEqual([]);
    // The run's ledger agrees: everything it recorded as created is recorded as removed.
    const runs = listRuns(join(outcome.dir, ".usc"));
    expect(runs.map((run) => [run.outstanding, run.unconfirmedCreates])).toEqual([[0, 0]]);
    expect(readFileSync(runs[0]?.ledgerPath ?? "", "utf8")).toContain('"kind":"update-session"');
  });

  it("refuses usage mistakes with exit 2 and an unreachable target with exit 3", async () => {
    const noSeed = await fuzz(["--target", conforming.url, "--path", "3:1"]);
    expect(noSeed.code).toBe(2);
    expect(noSeed.stderr).toMatch(/--path replays a sequence of one seed: give --seed too/);
    const runOption = await fuzz(["--suite", "lifecycle"]);
    expect(runOption.code).toBe(2);
    expect(runOption.stderr).toMatch(/--suite is an option of usc run, not of usc fuzz/);
    const badRuns = await fuzz(["--runs", "many"]);
    expect(badRuns.code).toBe(2);
    const unreachable = await fuzz(["--target", "http://127.0.0.1:9", "--runs", "1"]);
    expect(unreachable.code, unreachable.stderr).toBe(3);
    expect(unreachable.results?.startFailure).toBeDefined();
  });
});
