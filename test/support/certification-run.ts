import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startReferenceServer } from "../../server/index.ts";
import type { CliResult } from "../../scripts/support/run-cli.ts";
import { oncePerRun } from "./once-per-run.ts";
import { uscInProcess } from "./usc-in-process.ts";

export interface CertificationRun extends CliResult {
  /** The working directory the run had (its .usc state lives here). */
  workDir: string;
  /** The report directory: the bundle. */
  bundleDir: string;
  manifest: unknown;
}

/**
 * `usc run --profile certification` from a fresh working directory with the bundle in its `bundle/`
 * folder: the run state (.usc/) stays beside the bundle, never in it. The run is in this process
 * (test/support/usc-in-process.ts): the tests are about the bundle, not the process.
 */
export async function certificationRun(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; parent?: string } = {},
): Promise<CertificationRun> {
  const workDir = mkdtempSync(join(options.parent ?? tmpdir(), "usc-certify-"));
  const bundleDir = join(workDir, "bundle");
  const result = await uscInProcess(
    ["run", "--profile", "certification", "--report-dir", bundleDir, ...args],
    {
      cwd: workDir,
      timeoutMs: options.timeoutMs ?? 240_000,
      ...(options.env === undefined ? {} : { env: options.env }),
    },
  );
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(bundleDir, "manifest.json"), "utf8"));
  } catch {
    manifest = undefined;
  }
  return { ...result, workDir, bundleDir, manifest };
}

/** The users of the shared certification run: the main one, a second one and a limited one. */
export const certificationUsers = {
  user: { username: "certify@vsphere.local", password: "Certify-Main-1!" },
  otherUser: { username: "certify-other@vsphere.local", password: "Certify-Other-1!" },
  limitedUser: {
    username: "certify-limited@vsphere.local",
    password: "Certify-Limited-1!",
    privileges: ["System.Anonymous", "System.View", "System.Read"],
  },
};

export interface SharedCertificationRun extends CertificationRun {
  /** The URL of the reference server it ran against (closed since). */
  url: string;
  /** The Ed25519 key pair that signed it, PEM files in the run's folder. */
  privateKey: string;
  publicKey: string;
}

/**
 * A signed certification run that meets the profile, against a reference server given by URL with the
 * second and the limited user, made once per vitest run (test/support/once-per-run.ts) for the files
 * that read it: a whole certification run is the costliest thing either does. Its folder is the run's
 * scratch directory's: read it, copy it to change it, never remove it.
 */
export async function sharedCertificationRun(timeoutMs: number): Promise<SharedCertificationRun> {
  const path = await oncePerRun("certification-run.json", timeoutMs, async (json) => {
    const { user, otherUser, limitedUser } = certificationUsers;
    const keys = mkdtempSync(join(dirname(json), "certification-keys-"));
    const pair = generateKeyPairSync("ed25519");
    const privateKey = join(keys, "signer.pem");
    const publicKey = join(keys, "signer.pub.pem");
    writeFileSync(privateKey, pair.privateKey.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(publicKey, pair.publicKey.export({ type: "spki", format: "pem" }));
    const server = await startReferenceServer({ ...user, users: [otherUser, limitedUser] });
    try {
      const run = await certificationRun(
        ["--target", server.url, "--concurrency", "4", "--sign-key", privateKey],
        {
          timeoutMs,
          parent: dirname(json),
          env: {
            USC_USERNAME: user.username,
            USC_PASSWORD: user.password,
            USC_OTHER_USERNAME: otherUser.username,
            USC_OTHER_PASSWORD: otherUser.password,
            USC_LIMITED_USERNAME: limitedUser.username,
            USC_LIMITED_PASSWORD: limitedUser.password,
          },
        },
      );
      const shared: SharedCertificationRun = { ...run, url: server.url, privateKey, publicKey };
      writeFileSync(json, JSON.stringify(shared));
    } finally {
      await server.close();
    }
  });
  return JSON.parse(readFileSync(path, "utf8")) as SharedCertificationRun;
}
