import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uscInProcess } from "./support/usc-in-process.ts";

// A certification covers every check in every dialect the target serves and excuses nothing: any option
// that narrows or excuses the run is a usage error (exit 2) naming the option and where it was set, and
// nothing runs. So are a signing key that cannot sign and a report directory holding foreign files.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "usc-certify-refusals-"));
  writeFileSync(join(dir, "baseline.yaml"), "- check: lifecycle.get.members\n  reason: MOCK-1\n");
  const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
  writeFileSync(join(dir, "rsa.pem"), rsa.privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(
    join(dir, "garbage.pem"),
    "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n",
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function certify(args: string[], env: NodeJS.ProcessEnv = {}) {
  const reportDir = join(dir, `reports-${Math.random().toString(36).slice(2)}`);
  const result = await uscInProcess(
    ["run", "--profile", "certification", "--report-dir", reportDir, ...args],
    {
      env,
      cwd: dir,
      timeoutMs: 60_000,
    },
  );
  return { ...result, ran: existsSync(join(reportDir, "results.json")) };
}

describe("usc run --profile certification refuses", { timeout: 120_000 }, () => {
  it.each([
    [["--suite", "lifecycle"], /--suite \(set by --suite\) is not allowed with --profile certification/],
    [["--check", "lifecycle.*"], /--check \(set by --check\) is not allowed/],
    [["--exclude", "auth.*"], /--exclude \(set by --exclude\) is not allowed/],
    [["--grep", "create"], /--grep \(set by --grep\) is not allowed/],
    [["--dialect", "rest"], /--dialect \(set by --dialect\) is not allowed.*every dialect the target serves/],
    [["--expected-failures", "baseline.yaml"], /--expected-failures .* a certification excuses no failure/],
    [["--junit", "elsewhere.xml"], /--junit .* must stay in the report directory/],
  ])("%j with exit 2 before running anything", async (args, message) => {
    const run = await certify(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.ran).toBe(false);
  });

  it("a narrowing option set in the environment, naming the variable", async () => {
    const run = await certify([], { USC_SUITE: "auth" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--suite \(set by USC_SUITE\) is not allowed/);
  });

  it("a signing key that is not an Ed25519 private key, and --sign-key without the profile", async () => {
    const rsa = await certify(["--sign-key", "rsa.pem"]);
    expect(rsa.code).toBe(2);
    expect(rsa.stderr).toMatch(/--sign-key \S*rsa\.pem holds a key of type rsa, not Ed25519/);
    const garbage = await certify(["--sign-key", "garbage.pem"]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/--sign-key \S*garbage\.pem is not a PEM private key/);
    expect(garbage.stderr).not.toMatch(/\n\s+at /);
    const missing = await certify(["--sign-key", "nope.pem"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.pem' does not exist/);
    const withoutProfile = await uscInProcess(["run", "--sign-key", "rsa.pem"], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    expect(withoutProfile.code).toBe(2);
    expect(withoutProfile.stderr).toMatch(/--sign-key .* add --profile certification/);
  });

  it("a report directory holding files the run would not write, since the manifest would certify them", async () => {
    const reportDir = join(dir, "used");
    mkdirSync(join(reportDir, "old"), { recursive: true });
    writeFileSync(join(reportDir, "notes.txt"), "left over\n");
    const run = await uscInProcess(["run", "--profile", "certification", "--report-dir", reportDir], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/holds files a certification run does not write \(notes\.txt, old\)/);
    expect(existsSync(join(reportDir, "results.json"))).toBe(false);
  });

  it("a report directory that would hold the run state (.usc), which a later cleanup rewrites", async () => {
    const workDir = join(dir, "work");
    mkdirSync(workDir);
    const run = await uscInProcess(["run", "--profile", "certification", "--report-dir", "."], {
      cwd: workDir,
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/would hold usc's run state \(\.usc\/\)/);
    expect(existsSync(join(workDir, "results.json"))).toBe(false);
  });
});
