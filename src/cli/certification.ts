import type { KeyObject } from "node:crypto";
import { isAbsolute, join, relative } from "node:path";
import { refusedOptions } from "../certify/profile.ts";
import { readPrivateKey } from "../certify/signature.ts";
import { foreignFiles, removeOldBundle } from "../certify/write-bundle.ts";
import type { RunConfig } from "../config/index.ts";
import { defaultStateDir } from "../ledger/index.ts";

export type CertificationStart =
  { ok: true; signKey: KeyObject | undefined } | { ok: false; problems: string[] };

/**
 * What `usc run` checks before a certification run starts, so a run that could not become a bundle never
 * starts: options that narrow or excuse it, a signing key that cannot sign, and a report directory whose
 * other files (or the run's own state) the manifest would certify with the run. Removes an earlier run's
 * manifest and signature, so a run that ends before writing its own leaves none behind.
 */
export function startCertification(config: RunConfig, cwd: string): CertificationStart {
  const refused = refusedOptions(config);
  if (refused.length > 0) return { ok: false, problems: refused };
  let signKey: KeyObject | undefined;
  if (config.signKey !== undefined) {
    const read = readPrivateKey(config.signKey);
    if (!read.ok) return { ok: false, problems: [`--sign-key ${read.error}`] };
    signKey = read.key;
  }
  if (config.profile === undefined || config.list) return { ok: true, signKey };
  const foreign = foreignFiles(config.reportDir);
  if (foreign.length > 0)
    return {
      ok: false,
      problems: [
        `--report-dir ${config.reportDir} holds files a certification run does not write (${foreign.join(", ")}); give an empty or new directory`,
      ],
    };
  // The ledger is rewritten by a later 'usc cleanup': inside the bundle it would break the bundle.
  const state = relative(config.reportDir, join(cwd, defaultStateDir));
  if (!state.startsWith("..") && !isAbsolute(state))
    return {
      ok: false,
      problems: [
        `--report-dir ${config.reportDir} would hold usc's run state (${defaultStateDir}/), which a certification bundle must not; choose a report directory that does not contain the working directory`,
      ],
    };
  removeOldBundle(config.reportDir);
  return { ok: true, signKey };
}
