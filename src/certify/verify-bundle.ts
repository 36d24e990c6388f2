import { existsSync, lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { KeyObject } from "node:crypto";
import { hashFile, listFiles } from "./hash.ts";
import { manifestFile, type Artefact } from "./manifest.ts";
import { publicKeyFingerprint, signatureFile, signatureMatches } from "./signature.ts";

/** What `usc bundle verify` found: problems make it exit 1; notes are said but change nothing. */
export interface BundleVerification {
  /** One sentence per defect, each naming the file it is about. Empty for a sound bundle. */
  problems: string[];
  /** What was checked, for the person reading (artefact count, signature, verdict). */
  notes: string[];
}

interface ManifestView {
  artefacts: Artefact[];
  signature: { publicKeySha256: string } | null;
  verdict: { verdict: string; profile: { met: boolean; gaps: string[] } };
}

const hex64 = /^[0-9a-f]{64}$/;

/** The fields verification reads, checked by hand: a hand-edited manifest must give a message, not a crash. */
function readManifest(text: string): ManifestView | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return `${manifestFile} is not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const manifest = raw as Partial<ManifestView> | null;
  const artefacts = manifest?.artefacts;
  if (
    !Array.isArray(artefacts) ||
    !artefacts.every(
      (a: Partial<Artefact>) =>
        typeof a.path === "string" && typeof a.sha256 === "string" && hex64.test(a.sha256),
    )
  )
    return `${manifestFile} has no valid artefacts list ({path, sha256} entries)`;
  const verdict = manifest?.verdict;
  if (
    typeof verdict?.verdict !== "string" ||
    typeof verdict.profile?.met !== "boolean" ||
    !Array.isArray(verdict.profile.gaps)
  )
    return `${manifestFile} has no verdict with its profile outcome`;
  const signature = manifest?.signature;
  if (signature !== null && typeof signature?.publicKeySha256 !== "string")
    return `${manifestFile} has no signature entry (null for an unsigned bundle)`;
  return manifest as ManifestView;
}

/** The verdict results.json itself states, to hold the manifest's copy to it. */
function resultsVerdict(dir: string): string | undefined {
  try {
    const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as {
      summary?: { exitVerdict?: unknown };
    };
    const verdict = results.summary?.exitVerdict;
    return typeof verdict === "string" ? verdict : undefined;
  } catch {
    return undefined;
  }
}

function checkArtefacts(dir: string, manifest: ManifestView, problems: string[]): void {
  const listed = new Set<string>();
  for (const artefact of manifest.artefacts) {
    listed.add(artefact.path);
    const path = join(dir, artefact.path);
    // Only regular files count: a link would let the bundle point at bytes outside it.
    if (!existsSync(path) || !lstatSync(path).isFile()) {
      problems.push(`${artefact.path} is missing (the manifest lists it)`);
      continue;
    }
    const actual = hashFile(path);
    if (actual.sha256 !== artefact.sha256)
      problems.push(
        `${artefact.path} has changed: SHA-256 ${actual.sha256}, the manifest says ${artefact.sha256}`,
      );
  }
  for (const path of listFiles(dir)) {
    if (path === manifestFile || path === signatureFile || listed.has(path)) continue;
    problems.push(`${path} was added: the manifest does not list it`);
  }
}

function checkSignature(
  dir: string,
  manifestBytes: Buffer,
  manifest: ManifestView,
  publicKey: KeyObject | undefined,
  result: BundleVerification,
): void {
  const path = join(dir, signatureFile);
  const present = existsSync(path);
  if (manifest.signature !== null && !present) {
    result.problems.push(`${signatureFile} is missing: the manifest says the bundle is signed`);
    return;
  }
  if (manifest.signature === null && present) {
    result.problems.push(`${signatureFile} was added: the manifest says the bundle is unsigned`);
    return;
  }
  if (publicKey === undefined) {
    if (present) result.notes.push(`${signatureFile} not checked: give --public-key to check it`);
    return;
  }
  if (!present) {
    result.problems.push(`${signatureFile} is missing: the bundle is not signed`);
    return;
  }
  if (!signatureMatches(manifestBytes, readFileSync(path, "utf8"), publicKey)) {
    result.problems.push(
      `${signatureFile} does not verify: ${manifestFile} or the signature changed, or another key signed it`,
    );
    return;
  }
  result.notes.push(`${signatureFile} verified with the key SHA-256 ${publicKeyFingerprint(publicKey)}`);
}

/**
 * Checks a certification bundle: every artefact the manifest lists is there with the same bytes, nothing
 * was added, the signature (with a public key) covers the manifest, the manifest's verdict agrees with
 * results.json, and the profile was met with a passing verdict. `dir` must exist (the caller's usage check).
 */
export function verifyBundle(dir: string, publicKey: KeyObject | undefined): BundleVerification {
  const result: BundleVerification = { problems: [], notes: [] };
  const manifestPath = join(dir, manifestFile);
  if (!existsSync(manifestPath)) {
    result.problems.push(`${manifestFile} is missing: ${dir} is not a certification bundle`);
    return result;
  }
  const bytes = readFileSync(manifestPath);
  const manifest = readManifest(bytes.toString("utf8"));
  if (typeof manifest === "string") {
    result.problems.push(manifest);
    return result;
  }
  checkArtefacts(dir, manifest, result.problems);
  checkSignature(dir, bytes, manifest, publicKey, result);
  const stated = manifest.verdict.verdict;
  const inResults = resultsVerdict(dir);
  if (inResults !== undefined && inResults !== stated)
    result.problems.push(
      `${manifestFile} says the verdict is ${stated}, results.json says ${inResults}: one of them was changed`,
    );
  if (!manifest.verdict.profile.met)
    result.problems.push(
      `the certification profile was not met: ${manifest.verdict.profile.gaps.join("; ") || "no reason recorded"}`,
    );
  else if (stated !== "pass") result.problems.push(`the run's verdict is ${stated}, not pass`);
  if (result.problems.length === 0)
    result.notes.unshift(
      `${manifest.artefacts.length} artefacts match ${manifestFile}; profile met; verdict ${stated}`,
    );
  return result;
}
