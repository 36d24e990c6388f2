import { availableParallelism } from "node:os";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

/**
 * The longest files, first: the catch matrix runs in a child process of its own for about two minutes, so
 * starting it before everything else lets the remaining files share the other worker meanwhile instead of
 * leaving it as the tail of the run.
 */
const longestFirst = [
  "vitest-package",
  "catch-matrix",
  "package-tarball",
  "minimal-implementation",
  "fuzz-cli",
  "fuzz-matrix",
  "fuzz-clean",
  "pact-run-consistency",
  "pact-verify",
  "run-embedded",
  "traceability",
  "pact-cli",
];

class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Whether this run makes the whole catch matrix, known before any file starts: the files that can
    // read their runs from it wait for it instead of making runs of their own (test/support/catch-matrix-runs.ts).
    const matrixInRun = files.some((file) => file.moduleId.endsWith("/test/catch-matrix.test.ts"));
    for (const file of files) file.project.provide("catchMatrixInRun", matrixInRun);
    const rank = (file: TestSpecification) => {
      // A file reading the matrix's runs waits for them, holding its worker idle while the other worker
      // waits on the matrix's process too: started last, it finds them made. Without the matrix in the
      // run it makes its own profile runs, a long file like the others.
      if (file.moduleId.endsWith("/composite-profiles.test.ts"))
        return matrixInRun ? Number.POSITIVE_INFINITY : longestFirst.indexOf("catch-matrix") + 0.5;
      const index = longestFirst.findIndex((name) => file.moduleId.endsWith(`/${name}.test.ts`));
      return index === -1 ? longestFirst.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * Files that may share a worker process with the files before them (vitest's isolate: false): they close
 * what they start, patch no globals they do not restore and load no native library. A fresh process per
 * file cost more than the tests themselves: the 32 server-* files took 54 s of CPU isolated and 23 s
 * sharing (0.43x), and these 61 files all passed both ways. The next 46 (the groups from spec on, and
 * the single files after them) are the same kind: they spawn usc or tsc, or call the catalogue, the spec
 * and the reference server in-process. Add a group only after running it with
 * `npx vitest run <its files> --no-isolate`.
 */
const sharedProcess = [
  ...["server", "reporters", "http", "config", "ledger", "wire", "checks", "cli"],
  ...["spec", "suites", "target", "cleanup", "run", "certify"],
].map((group) => `test/${group}-*.test.ts`);
sharedProcess.push(
  ...[
    "schema-owning-level",
    "results-schema",
    "design-doc",
    "import-picture",
    "lint-layer-boundaries",
    "check-id-types",
    "compare-runs",
    "ci-recipe",
    "traceability",
    // usc in-process (test/support/usc-in-process.ts), the fuzz runs and the rest of the small files:
    // 20.8 CPU-s isolated, 15.5 sharing.
    ...["cleanup", "usc-in-process", "fuzz-cli", "fuzz-matrix", "fuzz-clean", "expiry-embedded-clock"],
    ...["fixtures-signing-certificate", "once-per-run", "operation-names", "packed-tarball-cache"],
    ...["vitest-verdict", "vitest-optional-peer"],
    // Files that only read what another file made once per run (the catch matrix's runs, the packaged
    // vitest run, the installed project): a fresh process each cost more than their tests. composite-profiles
    // took a median 5.22 CPU-s sharing against 6.20 isolated (3 runs each).
    ...["composite-profiles", "vitest-status-mapping", "installed-project"],
    // Runs usc in-process against servers it starts and closes, as the run-* files do: in a fresh process
    // it loaded every module of the CLI, the server and the suites again (see the commit for numbers).
    "minimal-implementation",
  ].map((name) => `test/${name}.test.ts`),
);
// The pact files: none loads Pact's native library (exports and verifications run in child processes,
// which each file closes), and each left the handles, process listeners, environment and working
// directory of its worker as it found them. The eight files took 72.3 CPU-s isolated, 65.0 sharing.
sharedProcess.push("test/pact-*.test.ts");

// Self-tests start real servers on 127.0.0.1; the forks pool keeps the other files each in its own
// process so native libraries (pact), process-wide state and listening sockets never leak between files.
// One worker per core: vitest's default (cores - 1) runs the files one at a time on a two-core machine.
export default defineConfig({
  test: {
    pool: "forks",
    maxWorkers: Math.max(availableParallelism(), 2),
    sequence: { sequencer: LongestFirstSequencer },
    // One scratch directory per run, where files share what they would otherwise each make (the catch matrix).
    globalSetup: ["test/support/global-setup.ts"],
    // Transformed modules kept on disk (node_modules/.vite/vitest) for the next run, keyed by each file's
    // content: a run of an unchanged tree skips transforming the sources again. For the 52 server-,
    // reporters- and cli- files, vitest's main process took 2.0 CPU-s instead of 4.5-4.7.
    experimental: { fsModuleCache: true },
    // A usc process takes 1-2 s quiet and 10 s or more on a loaded 2-core machine; a test running a few of
    // them needs this margin (3x its loaded duration), and a file that needs more sets its own.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "shared", include: sharedProcess, isolate: false } },
      {
        extends: true,
        test: { name: "isolated", include: ["test/**/*.test.ts"], exclude: sharedProcess },
      },
    ],
  },
});
