/**
 * The package as users get it: `npm pack`, installed with --omit=dev into an empty project, must run its
 * command, serve its public API to plain JavaScript and type-check for a strict NodeNext TypeScript consumer,
 * on the oldest supported Node (the one running the tests, 20) and on Node 24 (the npm registry's `node`
 * package). A clone hides what only the tarball shows: files left out, dev dependencies needed at run time,
 * TypeScript sources where JavaScript should be.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { consumerTypeChecks } from "./support/consumer-type-checks.ts";
import { installedProject, packageAlone, workDir } from "./support/installed-project.ts";
import { type CommandResult, runCommand } from "./support/run-command.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("..", import.meta.url));
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

type Result = CommandResult;

/** Runs a command to completion; never throws for a non-zero exit, so assertions can show its output. */
function run(file: string, args: string[], cwd: string, timeoutMs = 240_000): Promise<Result> {
  return runCommand(file, args, cwd, timeoutMs);
}

function ok(result: Result): string {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

/**
 * Node 24 from npx's cache, fetched the first time. Where npx keeps it is kept in this checkout's
 * node_modules/.cache for the next run (npm's start-up to find it again cost 0.7 CPU-s each time), while
 * that file still exists; `npm ci` empties node_modules, so a fresh install looks it up again.
 */
async function node24Path(): Promise<string> {
  const kept = join(repo, "node_modules", ".cache", "usc-node24-path");
  const path = existsSync(kept) ? readFileSync(kept, "utf8") : "";
  if (path !== "" && existsSync(path)) return path;
  const fetched = ok(
    await run(npx, ["-y", "--prefer-offline", "node@24", "-p", "process.execPath"], tmpdir()),
  ).trim();
  mkdirSync(join(kept, ".."), { recursive: true });
  writeFileSync(kept, fetched);
  return fetched;
}

/** The installed project (shared by every run of this tree) and this run's directory inside it. */
let project: string;
let work: string;
let node24: string;

// Measured on a loaded two-core machine: pack (a full build) about 15 s, install about 15 s from the npm
// cache, Node 24 from the npx cache about 1 s (20 s the first time). Each hook and test gets 3x or more.
// The tarball is packed and installed once for every test and both Node versions, and kept for the next
// run of an unchanged tree (test/support/installed-project.ts); fetching Node 24 waits on the network, so
// it goes alongside.
beforeAll(async () => {
  const fetchingNode24 = node24Path();
  // The pack is a full tsc build: minutes when the machine's cores are shared many times over.
  project = await installedProject(packageAlone(300_000));
  work = workDir(project, "package-tarball");
  node24 = await fetchingNode24;
}, 660_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

/** A tsconfig as tsc reads it: its options and every file it compiles. */
function compilerConfig(file: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(repo, file),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (parsed === undefined) throw new Error(`${file} could not be read`);
  return parsed;
}

// The build emits without type-checking (noCheck): a type error in what the package ships must still fail
// npm test, whose static checks type-check tsconfig.json's files (scripts/support/typecheck-lint.js).
it("is compiled only from files npm test's type check covers", () => {
  const build = compilerConfig("tsconfig.build.json");
  const checked = compilerConfig("tsconfig.json");
  expect(build.errors).toEqual([]);
  expect(build.options.noCheck).toBe(true);
  expect(checked.options.noCheck).toBeUndefined();
  expect(build.fileNames.length).toBeGreaterThan(100);
  const typeChecked = new Set(checked.fileNames);
  expect(build.fileNames.filter((file) => !typeChecked.has(file))).toEqual([]);
});

// Every test works in files and directories of its own, so they run at once (vitest's maxConcurrency, 5):
// the two Node versions' commands overlap instead of following one another. Five at once on two cores
// stretch each, so the timeouts allow for that on top of a loaded machine.
describe.concurrent("the packed tarball", () => {
  it("ships compiled JavaScript and no tests or TypeScript sources", () => {
    const installed = join(project, "node_modules", "update-session-conformance");
    expect(existsSync(join(installed, "dist", "bin", "usc.js"))).toBe(true);
    expect(existsSync(join(installed, "bin", "usc.ts"))).toBe(false);
    expect(existsSync(join(installed, "dist", "src", "index.d.ts"))).toBe(true);
    expect(existsSync(join(installed, "test"))).toBe(false);
    expect(existsSync(join(installed, "src"))).toBe(false);
    // tsx and vitest are development tools: --omit=dev must leave them out, and run time must not need them.
    expect(existsSync(join(project, "node_modules", "tsx"))).toBe(false);
    expect(existsSync(join(project, "node_modules", "vitest"))).toBe(false);
  });

  // Checked with the mock author's file in one process (test/support/consumer-type-checks.ts); waits for
  // test/vitest-package if it is making both, and may install the mock author's project.
  it(
    "type-checks for a strict NodeNext TypeScript consumer of the public API",
    { timeout: 900_000 },
    async () => {
      ok((await consumerTypeChecks(800_000)).publicApi);
    },
  );

  for (const version of ["20", "24"]) {
    describe(`on Node ${version}`, () => {
      const node = () => (version === "20" ? process.execPath : node24);
      const usc = () => join(project, "node_modules", ".bin", "usc");

      it("runs usc --help", { timeout: 120_000 }, async () => {
        if (version === "20") expect(process.version).toMatch(/^v20\./);
        const stdout = ok(await run(node(), [usc(), "--help"], work));
        expect(stdout).toContain("Usage: usc <command>");
      });

      it(
        "runs a suite against the embedded server and writes the reports",
        { timeout: 300_000 },
        async () => {
          const reports = join(work, `reports-${version}`);
          const result = await run(
            node(),
            [usc(), "run", "--suite", "lifecycle", "--dialect", "api", "--report-dir", reports],
            work,
          );
          ok(result);
          expect(result.stdout).toMatch(/verdict PASS/);
          for (const name of ["junit.xml", "results.json", "report.md"]) {
            expect(existsSync(join(reports, name)), name).toBe(true);
          }
        },
      );

      // `usc pact verify` forks a worker: from the build it must be the compiled one, without tsx. On Node
      // 24 only: what the Node major can change here is the loading of Pact's native core, which export and
      // verify both load; the compiled worker's path does not depend on the Node major, and Node 20 runs
      // the same pact code from the sources in test/pact-*.test.ts. On both, the file took 7.5 CPU-s more.
      if (version === "24")
        it("verifies the exported pacts against the embedded server", { timeout: 600_000 }, async () => {
          const pacts = join(work, "pacts");
          ok(await run(node(), [usc(), "pact", "export", "--out", pacts], work));
          // Without --target it verifies the embedded reference server.
          const stdout = ok(await run(node(), [usc(), "pact", "verify", "--pact", pacts], work));
          expect(stdout).toMatch(/2 pact\(s\), \d+ interactions, 0 failed: verified/);
        });

      it("serves startReferenceServer to a plain .mjs", { timeout: 120_000 }, async () => {
        const script = join(work, `server-${version}.mjs`);
        writeFileSync(
          script,
          [
            'import { startReferenceServer } from "update-session-conformance";',
            "const server = await startReferenceServer({});",
            'const answer = await fetch(new URL("/api/session", server.url), { method: "POST" });',
            "console.log(`status ${answer.status} ${process.version}`);",
            "await server.close();",
            "",
          ].join("\n"),
        );
        const stdout = ok(await run(node(), [script], work));
        expect(stdout).toMatch(new RegExp(`^status 401 v${version}\\.`, "m"));
      });
    });
  }
});
