/**
 * One `npm pack` of the repository for every test that installs the package (test/package-tarball and
 * test/vitest-package): packing is a full build, a third of each of those files' time, and two packs at
 * once in one checkout race on dist/. The tarball is cached under node_modules/.cache keyed by a digest
 * of every file the package can be built from, so a second file, or a second run of an unchanged tree,
 * copies it instead of building; any change to those files packs afresh. Files running in parallel
 * workers take turns through a lock directory: the first packs, the others wait and reuse its tarball.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "./run-command.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const cacheDir = join(repo, "node_modules", ".cache", "usc-packed-tarball");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Folders the build never reads: a change there leaves the tarball as it was. */
const notPacked = ["test/", "docs/", "bench/"];

/**
 * sha256 over the path and bytes of every tracked or untracked, not ignored, file outside those folders,
 * with the versions of Node and npm (which decide what a pack holds).
 */
export function treeDigest(root: string = repo): string {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\0")
    .filter((path) => path !== "" && !notPacked.some((folder) => path.startsWith(folder)))
    .sort();
  const hash = createHash("sha256").update(`${process.version}\0`);
  for (const path of files) {
    const full = join(root, path);
    // A file deleted but not yet staged is listed and absent: its absence is part of the tree.
    hash.update(
      `${path}\0${existsSync(full) ? createHash("sha256").update(readFileSync(full)).digest("hex") : "-"}\0`,
    );
  }
  return hash.digest("hex").slice(0, 32);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the lock directory, waiting while a live process holds it; a dead holder's lock is taken over. */
export async function lock(path: string, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, "pid"), String(process.pid));
      return () => rmSync(path, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(join(path, "pid"), "utf8"));
    } catch {
      // Taken a moment ago and its pid not written yet, or released meanwhile: look again.
    }
    const age = Date.now() - (existsSync(path) ? statSync(path).mtimeMs : Date.now());
    if ((Number.isInteger(holder) && !processAlive(holder)) || (Number.isNaN(holder) && age > 10_000))
      rmSync(path, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for the pack lock ${path}`);
    await sleep(200);
  }
}

/**
 * Copies the repository's packed tarball into `destination` and returns its path there: from the cache
 * when the tree is unchanged, else from a fresh `npm pack` (which then fills the cache). Throws with npm's
 * output when packing fails.
 */
export async function packedTarball(destination: string, timeoutMs: number): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  const digest = treeDigest();
  const cached = join(cacheDir, `${digest}.tgz`);
  const { version } = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string };
  const copy = join(destination, `update-session-conformance-${version}.tgz`);
  const release = await lock(join(cacheDir, "lock"), timeoutMs);
  try {
    if (!existsSync(cached)) {
      const scratch = join(cacheDir, `pack-${process.pid}`);
      rmSync(scratch, { recursive: true, force: true });
      mkdirSync(scratch);
      const packed = await runCommand(
        npm,
        ["pack", "--pack-destination", scratch, "--silent"],
        repo,
        timeoutMs,
      );
      const name = readdirSync(scratch).find((file) => file.endsWith(".tgz"));
      if (packed.code !== 0 || name === undefined)
        throw new Error(`npm pack failed (exit ${packed.code}):\n${packed.stdout}\n${packed.stderr}`);
      // Older tarballs are of trees that no longer exist here; one is enough to keep.
      for (const old of readdirSync(cacheDir).filter((file) => file.endsWith(".tgz")))
        rmSync(join(cacheDir, old), { force: true });
      renameSync(join(scratch, name), cached);
      rmSync(scratch, { recursive: true, force: true });
    }
    // Copied under the lock: a file packing another tree removes the older tarballs.
    copyFileSync(cached, copy);
  } finally {
    release();
  }
  return copy;
}
