/**
 * A result made once per `vitest run` and read by every test file that needs it, whichever worker it runs
 * in: the first file to ask makes it under a lock in the run's scratch directory (test/support/global-setup.ts),
 * the others wait for the lock and read the file it left. A failed attempt is not repeated: the files
 * after it get its error (a second attempt would cost as long again, on a machine already too loaded).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
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
  const failed = `${path}.failed`;
  try {
    if (existsSync(failed))
      throw new Error(
        `${name}: another file of this run failed to make it:\n${readFileSync(failed, "utf8")}`,
      );
    if (!existsSync(path)) {
      try {
        await make(path);
        if (!existsSync(path)) throw new Error(`${name} was not made`);
      } catch (error) {
        writeFileSync(failed, error instanceof Error ? error.message : String(error));
        throw error;
      }
    }
  } finally {
    release();
  }
  return path;
}
