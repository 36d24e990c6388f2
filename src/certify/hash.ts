import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Lower-case hex SHA-256 of some bytes. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Every file under `dir`, as paths relative to it with `/` separators, sorted: the same list on every
 * platform and in every run, so a manifest and its verifier agree on names. Symbolic links and other
 * non-regular entries are listed too (as themselves), so the verifier can refuse them rather than follow.
 */
export function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFiles(join(dir, entry.name), relative));
    else out.push(relative);
  }
  return out.sort();
}

/** The SHA-256 and size of one file. */
export function hashFile(path: string): { sha256: string; bytes: number } {
  const bytes = readFileSync(path);
  return { sha256: sha256(bytes), bytes: bytes.length };
}
