import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optionTable } from "../src/config/options.ts";

/**
 * The README's CI examples all run docs/ci/gate-mock.sh; this runs that very file with bash, as a CI job
 * would, against the reference server standing in for a mock (`usc serve`, here started through node since
 * the package is not installed), so a recipe that stops working fails here first.
 */
const repo = fileURLToPath(new URL("..", import.meta.url));
const script = join(repo, "docs/ci/gate-mock.sh");
const usc = `${process.execPath} ${join(repo, "bin/usc.js")}`;

/**
 * `count` distinct ports free now: all held open at once, then closed, so the tests running side by side
 * never share one (a port free a moment ago may have been given to another test's mock).
 */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.on("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === "object" && address !== null ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

interface GateOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  reportDir: string;
}

/** The gate runs' working directories, removed when the file ends. */
const workDirs: string[] = [];
afterAll(() => {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

function gate(env: NodeJS.ProcessEnv, args: string[], timeoutMs: number): Promise<GateOutcome> {
  const cwd = mkdtempSync(join(tmpdir(), "usc-ci-"));
  workDirs.push(cwd);
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [script, ...args], {
      cwd,
      env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, USC: usc, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`gate-mock.sh did not finish within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, reportDir: join(cwd, "reports") });
    });
  });
}

/** The mock's test login, as the README's examples set it (the reference server's defaults). */
const login = { USC_USERNAME: "administrator@vsphere.local", USC_PASSWORD: "VMware1!" };

// A gate run starts two node processes and runs one suite in both dialects: 4-10 s on a loaded machine.
// The three go side by side: the third mostly waits (2 s for a mock that never answers), and each works in
// a directory and on a port of its own.
describe.concurrent("the CI recipe docs/ci/gate-mock.sh", { timeout: 120_000 }, () => {
  let ports: Promise<number[]>;
  beforeAll(() => {
    ports = freePorts(3);
  });
  const portOf = async (test: number) => (await ports)[test] ?? 0;

  it("starts the mock, waits for it, gates it with exit 0 and leaves the reports", async () => {
    const port = await portOf(0);
    const outcome = await gate(
      {
        ...login,
        MOCK_START: `${usc} serve --port ${port}`,
        MOCK_URL: `http://127.0.0.1:${port}`,
      },
      ["--suite", "lifecycle"],
      100_000,
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/verdict PASS/);
    for (const name of ["junit.xml", "results.json", "report.md"])
      expect(existsSync(join(outcome.reportDir, name)), name).toBe(true);
    const junit = readFileSync(join(outcome.reportDir, "junit.xml"), "utf8");
    expect(junit).toContain("lifecycle.create.returns-id");
    // The mock is stopped with the script, whatever the verdict: nothing listens on its port afterwards.
    const after = await fetch(`http://127.0.0.1:${port}/api/session`).then(
      () => "answered",
      () => "refused",
    );
    expect(after).toBe("refused");
    expect(outcome.stderr).not.toContain("VMware1!");
  });

  it("fails the gate with exit 1 when the mock breaks the contract", async () => {
    const port = await portOf(1);
    const outcome = await gate(
      {
        ...login,
        MOCK_START: `${usc} serve --port ${port} --fault not-found-as-400`,
        MOCK_URL: `http://127.0.0.1:${port}`,
      },
      ["--suite", "lifecycle"],
      100_000,
    );
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(existsSync(join(outcome.reportDir, "junit.xml"))).toBe(true);
  });

  it("answers 3, within its bound, when the mock never answers or exits first", async () => {
    const port = await portOf(2);
    const silent = await gate(
      { ...login, MOCK_START: "sleep 30", MOCK_URL: `http://127.0.0.1:${port}`, MOCK_WAIT: "2" },
      [],
      30_000,
    );
    expect(silent.code).toBe(3);
    expect(silent.stderr).toContain(`gate-mock: http://127.0.0.1:${port} did not answer within 2s`);
    const crashed = await gate(
      { ...login, MOCK_START: "false", MOCK_URL: `http://127.0.0.1:${port}`, MOCK_WAIT: "20" },
      [],
      30_000,
    );
    expect(crashed.code).toBe(3);
    expect(crashed.stderr).toContain("gate-mock: the mock (false) exited before it answered");
  });
});

describe("the README's CI examples", () => {
  const readme = readFileSync(join(repo, "README.md"), "utf8");

  it("run the tested script in every mock-gating example", () => {
    const section = readme.slice(
      readme.indexOf("### Gating a mock server"),
      readme.indexOf("### A scheduled run"),
    );
    expect(section).toContain("[`docs/ci/gate-mock.sh`](docs/ci/gate-mock.sh)");
    // GitHub Actions, GitLab CI and Jenkins each call it.
    expect(section.match(/bash ci\/gate-mock\.sh/g)?.length).toBe(3);
  });

  it("use only options usc run has", () => {
    const known = new Set(optionTable.flatMap((spec) => [spec.name, `no-${spec.name}`]));
    const used = [...readme.matchAll(/usc run([^\n`]*)/g)].flatMap((line) =>
      [...(line[1] ?? "").matchAll(/(?:^|\s)--([a-z][a-z-]*)/g)].map((flag) => flag[1] ?? ""),
    );
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((flag) => !known.has(flag))).toEqual([]);
  });
});
