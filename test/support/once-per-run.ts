/**
 * A result made once per `vitest run` and read by every test file that needs it, whichever worker it runs
 * in: the first file to ask makes it under a lock in the run's scratch directory (test/support/global-setup.ts),
 * the others wait for the lock and read the file it left. A failed attempt leaves no file, so the next
 * file to ask tries again and reports its own error.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { lock } from "./packed-tarball.ts";

/**
 * The path of `name`'s result: made by `make(path)` if no file of this run made it yet. `make` must write
 * the file at `path` or throw.
 */
export async function oncePerRun(
  name: string,
  timeoutMs: number,
  make: (path: string) => Promise<void>,
): Promise<string> {
  const scratch = inject("runScratch");
  const path = join(scratch, name);
  const release = await lock(join(scratch, `${name}.lock`), timeoutMs);
  try {
    if (!existsSync(path)) await make(path);
    if (!existsSync(path)) throw new Error(`${name} was not made`);
  } finally {
    release();
  }
  return path;
}
