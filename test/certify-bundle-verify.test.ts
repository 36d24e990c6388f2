import { generateKeyPairSync } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliResult } from "../scripts/support/run-cli.ts";
import { uscInProcess } from "./support/usc-in-process.ts";
import { certificationRun, type CertificationRun } from "./support/certification-run.ts";

// `usc bundle verify` against real certification runs on the embedded server (which knows its own second
// and limited user): an intact bundle verifies; every artefact changed by one byte, removed, or joined by
// a new file, a changed manifest and a changed or missing signature each fail with exit 1, naming the file;
// usage mistakes are exit 2.

let keys: string;
let signed: CertificationRun;
let unsigned: CertificationRun;
let work: string;

beforeAll(async () => {
  keys = mkdtempSync(join(tmpdir(), "usc-keys-"));
  work = mkdtempSync(join(tmpdir(), "usc-tamper-"));
  const pair = generateKeyPairSync("ed25519");
  writeFileSync(join(keys, "signer.pem"), pair.privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(join(keys, "signer.pub.pem"), pair.publicKey.export({ type: "spki", format: "pem" }));
  const other = generateKeyPairSync("ed25519");
  writeFileSync(join(keys, "other.pub.pem"), other.publicKey.export({ type: "spki", format: "pem" }));
  const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
  writeFileSync(join(keys, "rsa.pub.pem"), rsa.publicKey.export({ type: "spki", format: "pem" }));
  [signed, unsigned] = await Promise.all([
    certificationRun(["--sign-key", join(keys, "signer.pem")]),
    certificationRun([]),
  ]);
  expect(signed.code, signed.stderr).toBe(0);
  expect(unsigned.code, unsigned.stderr).toBe(0);
}, 300_000);

afterAll(() => {
  for (const dir of [keys, work, signed.workDir, unsigned.workDir])
    rmSync(dir, { recursive: true, force: true });
});

let copies = 0;
/** A copy of a bundle to tamper with, so each case starts from the intact run. */
function copyOf(run: CertificationRun): string {
  const dir = join(work, `copy-${(copies += 1)}`);
  cpSync(run.bundleDir, dir, { recursive: true });
  return dir;
}

function flipByte(path: string): void {
  const bytes = readFileSync(path);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  writeFileSync(path, bytes);
}

function verifyArgs(dir: string, key?: string): string[] {
  return ["bundle", "verify", dir, ...(key === undefined ? [] : ["--public-key", join(keys, key)])];
}

/** `usc bundle verify` in this process: what it finds is the point, not its process. */
function verify(dir: string, key?: string): Promise<CliResult> {
  return uscInProcess(verifyArgs(dir, key), { timeoutMs: 60_000 });
}

const artefacts = ["junit.xml", "results.json", "report.md", "report.html"];

describe("usc bundle verify", { timeout: 300_000 }, () => {
  it("passes an intact bundle, checking the signature with the public key", async () => {
    const [withKey, withPrivateKeyFile, withoutKey, plain] = await Promise.all([
      verify(signed.bundleDir, "signer.pub.pem"),
      verify(signed.bundleDir, "signer.pem"),
      verify(signed.bundleDir),
      verify(unsigned.bundleDir),
    ]);
    expect(withKey.code, withKey.stderr).toBe(0);
    expect(withKey.stdout).toContain("VERIFIED");
    expect(withKey.stderr).toMatch(/4 artefacts match manifest\.json; profile met; verdict pass/);
    expect(withKey.stderr).toMatch(/manifest\.json\.sig verified with the key SHA-256 [0-9a-f]{64}/);
    expect(withPrivateKeyFile.code).toBe(0);
    expect(withoutKey.code).toBe(0);
    expect(withoutKey.stderr).toMatch(/manifest\.json\.sig not checked: give --public-key/);
    expect(plain.code, plain.stderr).toBe(0);
  });

  it.each(artefacts)("fails when one byte of %s changed, naming it", async (name) => {
    const dir = copyOf(signed);
    flipByte(join(dir, name));
    const run = await verify(dir, "signer.pub.pem");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("NOT VERIFIED (1 problem)");
    expect(run.stderr).toMatch(
      new RegExp(`${name.replace(".", "\\.")} has changed: SHA-256 [0-9a-f]{64}, the manifest says`),
    );
  });

  it.each(artefacts)("fails when %s is missing, naming it", async (name) => {
    const dir = copyOf(signed);
    rmSync(join(dir, name));
    const run = await verify(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${name} is missing (the manifest lists it)`);
  });

  it("fails when a file was added, at the top or in a folder", async () => {
    const dir = copyOf(signed);
    writeFileSync(join(dir, "extra.txt"), "not from the run\n");
    mkdirSync(join(dir, "more"));
    writeFileSync(join(dir, "more", "notes.md"), "# notes\n");
    const run = await verify(dir, "signer.pub.pem");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("extra.txt was added: the manifest does not list it");
    expect(run.stderr).toContain("more/notes.md was added: the manifest does not list it");
  });

  it("fails when the manifest changed: the signature no longer verifies; a rewritten hash names its file", async () => {
    const edited = copyOf(signed);
    const path = join(edited, "manifest.json");
    writeFileSync(path, readFileSync(path, "utf8").replace(/"version": "[^"]+"/, '"version": "9.9.9"'));
    const run = await verify(edited, "signer.pub.pem");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /manifest\.json\.sig does not verify: manifest\.json or the signature changed/,
    );

    // Without the key, a manifest edited to match a changed report still disagrees with results.json.
    const forged = copyOf(unsigned);
    const results = join(forged, "results.json");
    writeFileSync(
      results,
      readFileSync(results, "utf8").replace('"exitVerdict": "pass"', '"exitVerdict": "fail"'),
    );
    const hashEdited = await verify(forged);
    expect(hashEdited.code).toBe(1);
    expect(hashEdited.stderr).toMatch(/results\.json has changed/);
    expect(hashEdited.stderr).toMatch(/manifest\.json says the verdict is pass, results\.json says fail/);

    const broken = copyOf(signed);
    writeFileSync(join(broken, "manifest.json"), "{ not json");
    const unreadable = await verify(broken);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/manifest\.json is not JSON/);

    const gone = copyOf(signed);
    rmSync(join(gone, "manifest.json"));
    const missing = await verify(gone);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/manifest\.json is missing: \S+ is not a certification bundle/);
  });

  it("fails when the signature changed, is missing, or is checked with another key", async () => {
    const changed = copyOf(signed);
    const sig = join(changed, "manifest.json.sig");
    const text = readFileSync(sig, "utf8");
    writeFileSync(sig, `${text[0] === "A" ? "B" : "A"}${text.slice(1)}`);
    const missing = copyOf(signed);
    rmSync(join(missing, "manifest.json.sig"));
    const addedToUnsigned = copyOf(unsigned);
    cpSync(join(signed.bundleDir, "manifest.json.sig"), join(addedToUnsigned, "manifest.json.sig"));
    const [badSig, noSig, otherKey, unsignedWithKey, sigAdded] = await Promise.all([
      verify(changed, "signer.pub.pem"),
      verify(missing),
      verify(signed.bundleDir, "other.pub.pem"),
      verify(unsigned.bundleDir, "signer.pub.pem"),
      verify(addedToUnsigned),
    ]);
    expect(badSig.code).toBe(1);
    expect(badSig.stderr).toMatch(/manifest\.json\.sig does not verify/);
    expect(noSig.code).toBe(1);
    expect(noSig.stderr).toMatch(/manifest\.json\.sig is missing: the manifest says the bundle is signed/);
    expect(otherKey.code).toBe(1);
    expect(otherKey.stderr).toMatch(/manifest\.json\.sig does not verify: .*another key signed it/);
    expect(unsignedWithKey.code).toBe(1);
    expect(unsignedWithKey.stderr).toMatch(/manifest\.json\.sig is missing: the bundle is not signed/);
    expect(sigAdded.code).toBe(1);
    expect(sigAdded.stderr).toMatch(
      /manifest\.json\.sig was added: the manifest says the bundle is unsigned/,
    );
  });

  it("answers usage mistakes with exit 2 and a message, never a stack trace", async () => {
    // As separate processes: a stack trace a crash would print is the process's, not main()'s.
    const runs = await Promise.all([
      runCli(["bundle", "verify", join(work, "no-such-dir")], { timeoutMs: 60_000 }),
      runCli(verifyArgs(signed.bundleDir, "no-such-key.pem"), { timeoutMs: 60_000 }),
      runCli(verifyArgs(signed.bundleDir, "rsa.pub.pem"), { timeoutMs: 60_000 }),
      runCli(["bundle", "verify"], { timeoutMs: 60_000 }),
      runCli(["bundle", "sign", signed.bundleDir], { timeoutMs: 60_000 }),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    const [dir, key, rsa, bare, action] = runs.map((run) => run.stderr);
    expect(dir).toMatch(/no-such-dir is not a directory/);
    expect(key).toMatch(/--public-key cannot read \S*no-such-key\.pem/);
    expect(rsa).toMatch(/rsa\.pub\.pem holds a key of type rsa, not Ed25519/);
    expect(bare).toMatch(/give one bundle directory/);
    expect(action).toMatch(/unknown action 'sign'; the one action is verify/);
  });
});
