import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KeyObject } from "node:crypto";
import { buildManifest, manifestBytes, manifestFile, type Manifest, type ManifestInput } from "./manifest.ts";
import { publicKeyFingerprint, signatureFile, signManifest } from "./signature.ts";

/** The files a certification run writes into its report directory, and nothing else. */
export const bundleFiles = [
  "junit.xml",
  "results.json",
  "report.md",
  "report.html",
  manifestFile,
  signatureFile,
] as const;

/**
 * Files in the report directory a certification run would not write: the manifest hashes every file
 * there, so a left-over would be certified as part of the run. Empty when the directory is missing.
 */
export function foreignFiles(reportDir: string): string[] {
  if (!existsSync(reportDir)) return [];
  return readdirSync(reportDir)
    .filter((name) => !(bundleFiles as readonly string[]).includes(name))
    .sort();
}

/** Removes an earlier run's manifest and signature, so a run that fails before writing its own leaves none. */
export function removeOldBundle(reportDir: string): void {
  for (const name of [manifestFile, signatureFile]) rmSync(join(reportDir, name), { force: true });
}

/** Writes manifest.json over the reports already in the directory, and its signature when a key is given. */
export function writeBundle(
  input: Omit<ManifestInput, "signedBy">,
  signKey: KeyObject | undefined,
): { manifest: Manifest; paths: string[] } {
  removeOldBundle(input.reportDir);
  const manifest = buildManifest({
    ...input,
    signedBy: signKey === undefined ? undefined : publicKeyFingerprint(signKey),
  });
  const bytes = manifestBytes(manifest);
  const paths = [join(input.reportDir, manifestFile)];
  writeFileSync(paths[0] ?? "", bytes);
  if (signKey !== undefined) {
    const signaturePath = join(input.reportDir, signatureFile);
    writeFileSync(signaturePath, signManifest(bytes, signKey));
    paths.push(signaturePath);
  }
  return { manifest, paths };
}
