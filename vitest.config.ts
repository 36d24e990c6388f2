import { availableParallelism } from "node:os";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

/**
 * The longest files, first: the catch matrix runs in a child process of its own for about two minutes, so
 * starting it before everything else lets the remaining files share the other worker meanwhile instead of
 * leaving it as the tail of the run.
 */
const longestFirst = ["catch-matrix", "pact-verify", "run-embedded", "traceability", "pact-cli"];

class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = longestFirst.findIndex((name) => file.moduleId.endsWith(`/${name}.test.ts`));
      return index === -1 ? longestFirst.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// Self-tests start real servers on 127.0.0.1; the forks pool keeps each file in its own process so
// native libraries (pact) and listening sockets never leak between files. One worker per core: vitest's
// default (cores - 1) runs the files one at a time on a two-core machine.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    maxWorkers: Math.max(availableParallelism(), 2),
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
