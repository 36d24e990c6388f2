/**
 * The strict NodeNext type checks of the packed package's two consumers, made once per `vitest run` in one
 * process (test/support/once-per-run.ts) and read by the test files that assert them: a user of the public
 * API, in the project that has the package alone (test/package-tarball), and the mock author's conformance
 * test, in the project that adds vitest (test/vitest-package). Each project keeps its own program, so the
 * public API is still checked without vitest's types at hand; one process loads TypeScript once and parses
 * its libraries and Node's types once for both (test/support/consumer-tsconfig.ts): 4.2 CPU-seconds
 * instead of 8 as two files' checks. A check that passed is reused by the next run of an unchanged tree
 * (test/support/consumer-tsconfig.ts says on what it depends).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { typeCheckConsumer } from "./consumer-tsconfig.ts";
import { installedProjectAsItIs, packageAlone } from "./installed-project.ts";
import { oncePerRun } from "./once-per-run.ts";
import { mockAuthorFiles, mockAuthorInstall } from "./packaged-vitest-run.ts";
import type { CommandResult } from "./run-command.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));

/** What README shows a TypeScript user of the API: the reference server and the spec entry's exports. */
export const publicApiConsumer = [
  'import { startReferenceServer, type ReferenceServerHandle } from "update-session-conformance";',
  'import { dialects, validateResponse, type Dialect } from "update-session-conformance/spec";',
  "",
  "const server: ReferenceServerHandle = await startReferenceServer({ port: 0 });",
  "const first: Dialect | undefined = dialects[0];",
  "console.log(server.url, first, typeof validateResponse);",
  "await server.close();",
  "",
].join("\n");

export interface ConsumerTypeChecks {
  /** `publicApiConsumer` in the project with the package alone. */
  publicApi: CommandResult;
  /** The mock author's clean conformance test, in the project with vitest added. */
  vitest: CommandResult;
}

/** Both checks' results (a type error is a result, code 1); throws when a project cannot be installed. */
export async function consumerTypeChecks(timeoutMs: number): Promise<ConsumerTypeChecks> {
  const path = await oncePerRun("consumer-type-checks.json", timeoutMs, async (result) => {
    // As they are: another file may be running the package in either project meanwhile.
    const alone = await installedProjectAsItIs(packageAlone(timeoutMs));
    const mockAuthor = await installedProjectAsItIs(mockAuthorInstall(timeoutMs));
    const publicApi = await typeCheckConsumer({
      project: alone,
      repo,
      name: "public-api",
      files: { "consumer.ts": publicApiConsumer },
    });
    const vitest = await typeCheckConsumer({
      project: mockAuthor,
      repo,
      name: "vitest",
      files: { [mockAuthorFiles.clean.name]: mockAuthorFiles.clean.text },
    });
    writeFileSync(result, JSON.stringify({ publicApi, vitest } satisfies ConsumerTypeChecks));
  });
  return JSON.parse(readFileSync(path, "utf8")) as ConsumerTypeChecks;
}
