import type { Dialect } from "../../spec/index.ts";
import { optionTable, type RunConfig } from "../config/index.ts";
import { packageVersion } from "../config/version.ts";
import { redactedMark, redactValue } from "../http/redact.ts";
import type { ProfileOutcome, RunResult } from "../results/model.ts";
import { hashFile, listFiles } from "./hash.ts";
import { signatureFile } from "./signature.ts";
import { transcriptionHashes, type TranscriptionHashes } from "./transcription.ts";

export const manifestFile = "manifest.json";
/** The layout of manifest.json (docs/manifest.schema.json); raised when a field changes meaning or goes. */
export const manifestVersion = 1;

/** One file of the bundle, by its path relative to the report directory. */
export interface Artefact {
  path: string;
  sha256: string;
  bytes: number;
}

/** What manifest.json holds: enough for a third party to know what was run, against what, and with what result. */
export interface Manifest {
  manifestVersion: number;
  profile: "certification";
  tool: { name: string; version: string };
  transcription: TranscriptionHashes;
  /** Every `usc run` option as resolved; secrets are `<redacted>` when set. */
  options: Record<string, unknown>;
  target: {
    url: string;
    embedded: boolean;
    /** The dialects the target serves, as the probe found them: the run tested each. */
    dialects: Dialect[];
    /** The HTTP Server header of the target's first answer, when it sent one: usually its product. */
    server: string | null;
  };
  run: { runId: string; startedAt: string; finishedAt: string };
  verdict: {
    /** The run's verdict, the profile included: the same results.json and the console give. */
    verdict: "pass" | "fail" | "incomplete";
    reasons: string[];
    exitCode: number;
    profile: ProfileOutcome;
  };
  /** The key that signed manifest.json.sig, or null for an unsigned bundle. */
  signature: { algorithm: "Ed25519"; file: string; publicKeySha256: string } | null;
  /** Every other file of the report directory, sorted by path. */
  artefacts: Artefact[];
}

export interface ManifestInput {
  config: RunConfig;
  run: RunResult;
  verdict: { verdict: "pass" | "fail" | "incomplete"; reasons: string[] };
  exitCode: number;
  secrets: readonly string[];
  reportDir: string;
  /** The fingerprint of the signing key, when the bundle is signed. */
  signedBy: string | undefined;
}

/** Set for the run's own console only; nothing a reader of the bundle needs. */
const consoleOnly = new Set(["help", "list", "color", "quiet", "verbose"]);

function recordedOptions(config: RunConfig, secrets: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const spec of optionTable) {
    if (consoleOnly.has(spec.field)) continue;
    const value = config[spec.field];
    const secret = "secret" in spec && spec.secret === true;
    options[spec.name] = value === undefined ? null : secret ? redactedMark : value;
  }
  // Secrets can hide in any value (a password pasted into a username); the one redaction module decides.
  return redactValue(options, secrets);
}

/** The first `server` header any response of the run carried. */
function serverHeader(run: RunResult): string | null {
  for (const check of run.checks)
    for (const exchange of check.transcript) {
      const value = exchange.response?.headers["server"];
      if (typeof value === "string" && value !== "") return value;
    }
  return null;
}

/** The artefacts of a report directory: every file but the manifest and its signature. */
export function artefactsOf(reportDir: string): Artefact[] {
  return listFiles(reportDir)
    .filter((path) => path !== manifestFile && path !== signatureFile)
    .map((path) => ({ path, ...hashFile(`${reportDir}/${path}`) }));
}

export function buildManifest(input: ManifestInput): Manifest {
  const { run, config } = input;
  if (run.profile === undefined) throw new Error("a manifest is written for a profile run only");
  return {
    manifestVersion,
    profile: "certification",
    tool: { name: "update-session-conformance", version: packageVersion() },
    transcription: transcriptionHashes(),
    options: recordedOptions(config, input.secrets),
    target: {
      url: run.target,
      embedded: run.embeddedTarget,
      // A run that could not start never learnt what the target serves.
      dialects: run.startFailure === undefined ? run.dialects : [],
      server: redactValue(serverHeader(run), input.secrets),
    },
    run: { runId: run.runId, startedAt: run.startedAt, finishedAt: run.finishedAt },
    verdict: {
      verdict: input.verdict.verdict,
      reasons: redactValue(input.verdict.reasons, input.secrets),
      exitCode: input.exitCode,
      profile: redactValue(run.profile, input.secrets),
    },
    signature:
      input.signedBy === undefined
        ? null
        : { algorithm: "Ed25519", file: signatureFile, publicKeySha256: input.signedBy },
    artefacts: artefactsOf(input.reportDir),
  };
}

/** The manifest's bytes: pretty JSON with a trailing newline, the exact bytes the signature covers. */
export function manifestBytes(manifest: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8");
}
