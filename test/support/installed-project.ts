/**
 * The packed tarball installed into an empty project by npm, as a user installs it, kept in the system's
 * temporary directory and used by every run of an unchanged tree. npm writing 60-100 MB of packages was
 * the largest cost of test/package-tarball and test/vitest-package (8-10 CPU-seconds each, more than half
 * of it in the kernel), paid again by every run although the tarball, keyed by the same tree digest, was
 * already reused. Any change to a file the package is built from (the tarball's key), to the install's
 * arguments or to Node gives a fresh install; a fresh clone (CI) installs once per run.
 *
 * Not under the repository: Node looks for packages in every parent folder's node_modules, and the
 * repository's would lend the installed package the development dependencies (tsx, vitest) that a user's
 * project lacks. One folder per checkout, so that checkouts of different trees do not evict each other.
 *
 * The tests leave the installed packages as npm wrote them: each works in a directory of its own inside
 * the project (`workDir`), where Node and TypeScript resolve the package through the project's
 * node_modules exactly as from the project's root, and which is removed afterwards; type checks keep
 * tsc's incremental state in a folder of the project (test/support/consumer-tsconfig.ts). The one thing the package itself writes there,
 * its validators' code cache, is removed before each use.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { lock, packedTarball, treeDigest } from "./packed-tarball.ts";
import { runCommand } from "./run-command.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const cacheDir = join(
  tmpdir(),
  `usc-installed-project-${createHash("sha256").update(repo).digest("hex").slice(0, 12)}`,
);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
/** Written last: a project without it was interrupted mid-install and is never used. */
const complete = ".usc-install-complete";

export interface InstallRequest {
  /** Names the project in the cache; one install per name is kept. */
  name: string;
  /** What follows `npm install` besides the tarball: flags and further packages (`vitest@4.1.12`). */
  args: string[];
  timeoutMs: number;
}

/**
 * The path of a project holding `npm install <args> <tarball>`: from the cache when this tree, Node and
 * these arguments were installed before, else installed now (under a lock, so files in parallel workers
 * install it once). Throws with npm's output when the install fails.
 */
export async function installedProject(request: InstallRequest): Promise<string> {
  const key = createHash("sha256")
    .update(`${treeDigest()}\0${request.args.join("\0")}`)
    .digest("hex")
    .slice(0, 24);
  const project = join(cacheDir, `${request.name}-${key}`);
  mkdirSync(cacheDir, { recursive: true });
  const release = await lock(join(cacheDir, `${request.name}.lock`), request.timeoutMs);
  try {
    if (existsSync(join(project, complete))) {
      // The package keeps a code cache of its validators in the project's node_modules/.cache: removed, so
      // that every run starts the package as a fresh install does, the cache not yet made.
      rmSync(join(project, "node_modules", ".cache"), { recursive: true, force: true });
      return project;
    }
    // Installed under a scratch name beside the final one and renamed when whole; the tarball sits in the
    // project itself so that the relative path npm records for it stays true after the rename.
    const scratch = join(cacheDir, `${request.name}-${key}.${process.pid}`);
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch);
    const tarball = await packedTarball(scratch, request.timeoutMs);
    writeFileSync(
      join(scratch, "package.json"),
      JSON.stringify({ name: request.name, private: true, type: "module" }),
    );
    const installed = await runCommand(
      npm,
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        ...request.args,
        `./${tarball.split(/[\\/]/).at(-1)}`,
      ],
      scratch,
      request.timeoutMs,
    );
    if (installed.code !== 0) {
      rmSync(scratch, { recursive: true, force: true });
      throw new Error(
        `npm install failed (exit ${installed.code}):\n${installed.stdout}\n${installed.stderr}`,
      );
    }
    writeFileSync(join(scratch, complete), "");
    // Installs of older trees are of no further use; each is 60-100 MB.
    for (const old of readdirSync(cacheDir).filter((entry) => entry.startsWith(`${request.name}-`)))
      if (old !== `${request.name}-${key}.${process.pid}`)
        rmSync(join(cacheDir, old), { recursive: true, force: true });
    renameSync(scratch, project);
    return project;
  } finally {
    release();
  }
}

/** A directory of the test's own inside `project`, where it writes its files and runs its commands. */
export function workDir(project: string, prefix: string): string {
  return mkdtempSync(join(project, `${prefix}-`));
}
