import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { KeyObject } from "node:crypto";
import { readPublicKey } from "../certify/signature.ts";
import { verifyBundle } from "../certify/verify-bundle.ts";
import type { Command } from "./command.ts";
import { ExitCode } from "./exit-codes.ts";
import { say } from "./say.ts";

const help = `Usage: usc bundle verify DIR [--public-key FILE]

Checks a certification bundle, the report directory of 'usc run --profile certification': every artefact
manifest.json lists is there with the same SHA-256, no file was added, the manifest's verdict agrees with
results.json, and the run met the certification profile with a passing verdict. With --public-key (the
Ed25519 public key, PEM, of the signer; a private key file works too) it also checks manifest.json.sig.

Exit codes: 0 the bundle is intact and certifies a pass; 1 a file changed, is missing or was added, the
signature does not verify or is missing, the profile was not met or the run did not pass; 2 bad usage
(no such directory, an unreadable or non-Ed25519 key).`;

export const bundleCommand: Command = {
  summary: "verify a certification bundle (usc bundle verify DIR [--public-key FILE])",
  run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: { "public-key": { type: "string" }, help: { type: "boolean", short: "h" } },
      });
    } catch (error) {
      say(`usc bundle: ${error instanceof Error ? error.message : String(error)}`);
      say("Run 'usc bundle --help' for the options.");
      return Promise.resolve(ExitCode.usage);
    }
    if (parsed.values.help === true) {
      process.stdout.write(`${help}\n`);
      return Promise.resolve(ExitCode.ok);
    }
    const [action, dir, ...extra] = parsed.positionals;
    if (action !== "verify" || dir === undefined || extra.length > 0) {
      say(
        action === undefined || action === "verify"
          ? "usc bundle: give one bundle directory: usc bundle verify DIR [--public-key FILE]"
          : `usc bundle: unknown action '${action}'; the one action is verify`,
      );
      return Promise.resolve(ExitCode.usage);
    }
    const bundleDir = resolve(dir);
    if (!existsSync(bundleDir) || !statSync(bundleDir).isDirectory()) {
      say(`usc bundle verify: ${dir} is not a directory`);
      return Promise.resolve(ExitCode.usage);
    }
    let publicKey: KeyObject | undefined;
    const keyPath = parsed.values["public-key"];
    if (keyPath !== undefined) {
      const read = readPublicKey(resolve(keyPath));
      if (!read.ok) {
        say(`usc bundle verify: --public-key ${read.error}`);
        return Promise.resolve(ExitCode.usage);
      }
      publicKey = read.key;
    }
    const { problems, notes } = verifyBundle(bundleDir, publicKey);
    for (const problem of problems) say(`usc bundle verify: ${problem}`);
    for (const note of notes) say(`usc bundle verify: ${note}`);
    process.stdout.write(
      problems.length === 0
        ? `bundle ${dir}: VERIFIED\n`
        : `bundle ${dir}: NOT VERIFIED (${problems.length} problem${problems.length === 1 ? "" : "s"})\n`,
    );
    return Promise.resolve(problems.length === 0 ? ExitCode.ok : ExitCode.conformanceFailure);
  },
};
