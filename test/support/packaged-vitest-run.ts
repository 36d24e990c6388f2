/**
 * One nested vitest run of `update-session-conformance/vitest` from the packed tarball, shared by
 * test/vitest-package.test.ts (a mock author's files: a clean run and a fault's) and
 * test/vitest-status-mapping.test.ts (the files of test/fixtures/vitest/, importing the package instead of
 * the sources): made once per `vitest run` by whichever of the two asks first (test/support/once-per-run.ts).
 * One vitest process and one worker (--no-isolate) carry the seven files, instead of two processes, one
 * of them transforming the TypeScript sources; each file starts its own server and calls conformance()
 * once, so its outcomes stay its own (the tests read them by file).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type InstallRequest, installedProject, packageAlone, workDir } from "./installed-project.ts";
import { runNestedVitest, type NestedRun } from "./nested-vitest.ts";
import { oncePerRun } from "./once-per-run.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = join(repo, "test", "fixtures", "vitest");
const vitestVersion = (
  JSON.parse(readFileSync(join(repo, "node_modules", "vitest", "package.json"), "utf8")) as {
    version: string;
  }
).version;

/** The mock author's project: the package as test/package-tarball installs it, then vitest added. */
export function mockAuthorInstall(timeoutMs: number): InstallRequest {
  return {
    name: "mock-author",
    args: [`vitest@${vitestVersion}`],
    onTopOf: packageAlone(timeoutMs),
    timeoutMs,
  };
}

/** The mock author's project, its package's code cache removed (test/support/installed-project.ts). */
export function mockAuthorProject(timeoutMs: number): Promise<string> {
  return installedProject(mockAuthorInstall(timeoutMs));
}

/** The fixture imports of the sources, and what a user of the package imports instead. */
const packageImports: Array<[string, string]> = [
  ["../../../src/index.ts", "update-session-conformance"],
  ["../../../src/vitest/index.ts", "update-session-conformance/vitest"],
];

/**
 * Copies test/fixtures/vitest/'s modules into `work`, each import of the sources turned into the package's.
 * Throws when a fixture still imports a file outside its folder: it would test the sources, not the package.
 */
function copyFixtures(work: string): void {
  for (const name of readdirSync(fixtures).filter((file) => file.endsWith(".ts"))) {
    let text = readFileSync(join(fixtures, name), "utf8");
    for (const [source, packaged] of packageImports) text = text.replaceAll(`"${source}"`, `"${packaged}"`);
    if (/from\s+["']\.\.\//.test(text))
      throw new Error(`${name} imports a file outside test/fixtures/vitest/`);
    writeFileSync(join(work, name), text);
  }
}

/** A fault whose catchers are MUST checks in both dialects and nothing else fails with it (docs/catch-matrix.md). */
export const faultName = "client-token-unchecked";
export const password = "Tarball-Conformance-1!";

/**
 * A consumer's test file: what README shows a mock author, with a server fault or not and an idle timeout.
 * The clean file gives the server and conformance() a short idle timeout, so the expiry checks that wait
 * for an idle session to expire run and must pass too: 6 s, the longest the expiry suite waits for (its
 * budget), and more than the 4 s a check of create-conflicts took under a load average of 20 (a session
 * must not expire between two of its requests). The fault file keeps the documented five minutes (its
 * expiry checks skip; only the fault's catchers are judged there).
 */
function consumerTest(variant: { faults: string[]; idleTimeoutSeconds?: number; stateDir: string }): string {
  return `import { startReferenceServer } from "update-session-conformance";
import { conformance } from "update-session-conformance/vitest";

const admin = { username: "tarball@vsphere.local", password: ${JSON.stringify(password)} };
const otherUser = { username: "tarball-other@vsphere.local", password: "Tarball-Other-1!" };
const limitedUser = { username: "tarball-limited@vsphere.local", password: "Tarball-Limited-1!" };
const idleTimeoutSeconds = ${variant.idleTimeoutSeconds ?? "undefined"};

const server = await startReferenceServer({
  ...admin,
  users: [otherUser, { ...limitedUser, privileges: ["System.Anonymous", "System.View", "System.Read"] }],
  faults: ${JSON.stringify(variant.faults)},
  idleTimeoutSeconds,
});

conformance({
  target: server.url,
  ...admin,
  otherUser,
  limitedUser,
  idleTimeoutSeconds,
  failOn: "should",
  stateDir: ${JSON.stringify(variant.stateDir)},
  teardown: () => server.close(),
});
`;
}

/** The mock author's two test files: against the conforming server, and against the fault. */
export const mockAuthorFiles = {
  clean: {
    name: "conformance.test.ts",
    text: consumerTest({ faults: [], idleTimeoutSeconds: 6, stateDir: "state-clean" }),
  },
  fault: {
    name: "conformance-fault.test.ts",
    text: consumerTest({ faults: [faultName], stateDir: "state-fault" }),
  },
};

export interface PackagedRun {
  run: NestedRun;
  /** Whether the unreachable fixture's teardown ran (it leaves a mark). */
  tornDown: boolean;
}

/** The shared run: the mock author's files and the fixtures, in the mock author's project. */
export async function packagedVitestRun(timeoutMs: number): Promise<PackagedRun> {
  const path = await oncePerRun("packaged-vitest-run.json", timeoutMs, async (result) => {
    const project = await mockAuthorProject(timeoutMs);
    const work = workDir(project, "vitest-package");
    try {
      for (const { name, text } of Object.values(mockAuthorFiles)) writeFileSync(join(work, name), text);
      copyFixtures(work);
      // The mock author's test files and the fixtures.
      writeFileSync(
        join(work, "vitest.config.mjs"),
        'export default { test: { include: ["*.test.ts", "*.conformance.ts"] } };\n',
      );
      const tornDownMark = join(work, "torn-down");
      const run = await runNestedVitest({
        cwd: work,
        vitestRoot: project,
        args: ["--no-isolate"],
        env: { USC_STATE_DIR: join(work, "state-fixtures"), USC_TEARDOWN_MARK: tornDownMark },
        timeoutMs,
      });
      writeFileSync(
        result,
        JSON.stringify({ run, tornDown: existsSync(tornDownMark) } satisfies PackagedRun),
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
  return JSON.parse(readFileSync(path, "utf8")) as PackagedRun;
}
