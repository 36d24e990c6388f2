/**
 * Run ids and the names of everything a run creates. A name carries the run id as its prefix plus a random
 * part, so two runs never collide and a run (or `usc cleanup`) can tell its own resources from anyone else's.
 */
import { randomInt } from "node:crypto";

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

function randomBase36(length: number): string {
  let result = "";
  for (let index = 0; index < length; index += 1) result += alphabet[randomInt(alphabet.length)] ?? "0";
  return result;
}

const pad = (value: number) => String(value).padStart(2, "0");

/** `usc-YYYYMMDD-HHMMSS-xxxxxx`, in UTC so ids sort by start time wherever they were made. */
export function newRunId(now: Date = new Date()): string {
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `usc-${date}-${time}-${randomBase36(6)}`;
}

/**
 * Whether a string may name a run: it becomes a directory name, so nothing that could climb out of the
 * state directory (no separators, no leading dot).
 */
export function isValidRunId(runId: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(runId);
}

const suffixPattern = /-[0-9a-z]{6}$/;

/** `<runId>-<purpose>-<random>`, e.g. `usc-20250101-120000-ab12cd-library-x9y8z7`. */
export function scratchName(runId: string, purpose: string): string {
  const cleaned = purpose
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${runId}-${cleaned === "" ? "scratch" : cleaned}-${randomBase36(6)}`;
}

/** Whether a resource name was made by scratchName for this run. */
export function isOurs(name: string, runId: string): boolean {
  if (!isValidRunId(runId) || !name.startsWith(`${runId}-`)) return false;
  const rest = name.slice(runId.length);
  return suffixPattern.test(rest) && rest.length > 7;
}
