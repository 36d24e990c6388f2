/**
 * The packed tarball installed into an empty project by npm, as a user installs it, kept in the system's
 * temporary directory and used by every run of an unchanged tree. npm writing 60-100 MB of packages was
 * the largest cost of test/package-tarball and test/vitest-package (8-10 CPU-seconds each, more than half
 * of it in the kernel), paid again by every run although the tarball, keyed by the same tree digest, was
 * already reused. Any change to a file the package is built from (the tarball's key), to the install's
 * arguments or to Node gives a fresh install; a fresh clone (CI) installs once per run, the project with
 * vitest as a copy of the one without, vitest added (`onTopOf`).
 *
 * Not under the repository: Node looks for packages in every parent folder's node_modules, and the
 * repository's would lend the installed package the development dependencies (tsx, vitest) that a user's
 * project lacks. One folder per checkout, so that checkouts of different trees do not evict each other.
 *
 * The tests leave the installed packages as npm wrote them: each works in a directory of its own inside
 * the project (`workDir`), where Node and TypeScript resolve the package through the project's
 * node_modules exactly as from the project's root, and which is removed afterwards; type checks write
 * their files to a folder of the project (test/support/consumer-tsconfig.ts). The one thing
 * the package itself writes there, its validators' code cache, is removed before each use.
 */
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative, sep } from "node:path";
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
  /** What follows `npm install`: flags and further packages (`vitest@4.1.12`); the tarball is added. */
  args: string[];
  /**
   * A project to start from: a copy of it, to which `npm install <args>` adds packages (the tarball is
   * there already), as a user adds vitest to a project that has the package. Cheaper than installing
   * everything again: 3 CPU-seconds instead of 10 for vitest beside the package.
   */
  onTopOf?: InstallRequest;
  timeoutMs: number;
}

export function keyOf(request: InstallRequest, tree: string): string {
  const base = request.onTopOf === undefined ? "" : keyOf(request.onTopOf, tree);
  return createHash("sha256")
    .update(`${tree}\0${base}\0${request.args.join("\0")}`)
    .digest("hex")
    .slice(0, 24);
}

/** What of an installed project a project on top of it starts from: not its tests' folders or caches. */
export function copyProject(from: string, to: string): void {
  const kept = (name: string) =>
    ["package.json", "package-lock.json", "node_modules"].includes(name) || name.endsWith(".tgz");
  cpSync(from, to, {
    recursive: true,
    // .bin's links are relative: kept as they are, they point into the copy.
    verbatimSymlinks: true,
    filter: (source) => {
      const path = relative(from, source);
      if (path === "") return true;
      const [top = ""] = path.split(sep);
      return kept(top) && path !== join("node_modules", ".cache");
    },
  });
}

async function npmInstall(project: string, args: string[], timeoutMs: number): Promise<void> {
  const installed = await runCommand(
    npm,
    ["install", "--no-audit", "--no-fund", "--prefer-offline", ...args],
    project,
    timeoutMs,
  );
  if (installed.code !== 0)
    throw new Error(`npm install failed (exit ${installed.code}):\n${installed.stdout}\n${installed.stderr}`);
}

/** The project's path, installed now unless an install of this key is complete. */
async function ensureInstalled(request: InstallRequest, tree: string): Promise<string> {
  const key = keyOf(request, tree);
  const project = join(cacheDir, `${request.name}-${key}`);
  const release = await lock(join(cacheDir, `${request.name}.lock`), request.timeoutMs);
  try {
    if (existsSync(join(project, complete))) return project;
    // Installed under a scratch name beside the final one and renamed when whole; the tarball sits in the
    // project itself so that the relative path npm records for it stays true after the rename.
    const scratch = join(cacheDir, `${request.name}-${key}.${process.pid}`);
    rmSync(scratch, { recursive: true, force: true });
    try {
      if (request.onTopOf === undefined) {
        mkdirSync(scratch);
        const tarball = await packedTarball(scratch, request.timeoutMs);
        writeFileSync(
          join(scratch, "package.json"),
          JSON.stringify({ name: request.name, private: true, type: "module" }),
        );
        await npmInstall(scratch, [...request.args, `./${basename(tarball)}`], request.timeoutMs);
      } else {
        copyProject(await ensureInstalled(request.onTopOf, tree), scratch);
        await npmInstall(scratch, request.args, request.timeoutMs);
      }
    } catch (error) {
      rmSync(scratch, { recursive: true, force: true });
      throw error;
    }
    writeFileSync(join(scratch, complete), "");
    // Installs of older trees are of no further use; each is 60-100 MB.
    for (const old of readdirSync(cacheDir).filter((entry) => entry.startsWith(`${request.name}-`)))
      if (old !== basename(scratch)) rmSync(join(cacheDir, old), { recursive: true, force: true });
    renameSync(scratch, project);
    return project;
  } finally {
    release();
  }
}

/**
 * The path of a project holding `npm install <args> <tarball>` (or `<args>` on top of another such
 * project): from the cache when this tree, Node and these arguments were installed before, else installed
 * now (under a lock, so files in parallel workers install it once). Throws with npm's output when the
 * install fails. One test file uses each project.
 */
export async function installedProject(request: InstallRequest): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  const project = await ensureInstalled(request, treeDigest());
  // The package keeps a code cache of its validators in the project's node_modules/.cache: removed, so
  // that every run starts the package as a fresh install does, the cache not yet made.
  rmSync(join(project, "node_modules", ".cache"), { recursive: true, force: true });
  return project;
}

/**
 * The path of the project `installedProject` gives, installed if need be, its files left as they are: for a
 * reader of the project's files (a type check) that may run while another file runs the package there,
 * whose code cache `installedProject` would remove under it.
 */
export async function installedProjectAsItIs(request: InstallRequest): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  return ensureInstalled(request, treeDigest());
}

/** The package alone, installed with --omit=dev: what a user of the command or of the API has. */
export function packageAlone(timeoutMs: number): InstallRequest {
  return { name: "consumer", args: ["--omit=dev"], timeoutMs };
}

/** A directory of the test's own inside `project`, where it writes its files and runs its commands. */
export function workDir(project: string, prefix: string): string {
  return mkdtempSync(join(project, `${prefix}-`));
}
