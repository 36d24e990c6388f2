import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReferenceServerHandle, startReferenceServer } from "../server/index.ts";
import { startUscSocket, type UscSocket } from "./support/usc-socket.ts";

// The README's two workflows, run as written: each marked ```sh block's command lines in order, with bash,
// in one working directory, `npx usc` standing for this checkout's bin/usc.js. A line's `# exit N`
// comment is the exit code it must give (0 when it has none). A README edit that breaks a step fails here.

const repo = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(repo, "README.md"), "utf8");

interface Step {
  command: string;
  exit: number;
}

/** The command lines of the ```sh block after `<!-- workflow: NAME ...-->`, with their expected exit codes. */
function workflow(name: string): Step[] {
  const start = readme.indexOf(`<!-- workflow: ${name} `);
  expect(start, `README has no workflow '${name}'`).toBeGreaterThan(-1);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? "";
  return block
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trim().startsWith("#"))
    .map((line) => {
      const [command = "", comment = ""] = line.split(/\s+#\s/, 2);
      const exit = /^exit (\d)\b/.exec(comment.trim())?.[1];
      return { command: command.trim(), exit: exit === undefined ? 0 : Number(exit) };
    });
}

/**
 * `npx usc ...` runs this checkout's usc, in this process (test/support/usc-socket.ts: the workflows are
 * about the commands, their exit codes and files, not the usc process); anything else through npx would
 * reach the network.
 */
function prelude(usc: UscSocket): string {
  return `${usc.bashFunction}
npx() { if [ "$1" = usc ]; then shift; usc "$@"; else echo "npx $1 is not part of the workflow" >&2; return 127; fi; }`;
}

function bash(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  usc: UscSocket,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", `${prelude(usc)}\n${command}`], {
      cwd,
      env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`'${command}' did not finish within 240 s`));
    }, 240_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function runWorkflow(
  name: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ command: string; output: string }[]> {
  const steps = workflow(name);
  expect(steps.length).toBeGreaterThanOrEqual(4);
  // What bash's environment adds for usc (NO_COLOR and the workflow's variables), set for each call.
  const usc = await startUscSocket({ NO_COLOR: "1", ...env }, 240_000);
  try {
    const outputs: { command: string; output: string }[] = [];
    for (const step of steps) {
      const { code, output } = await bash(step.command, cwd, env, usc);
      expect(code, `${step.command}\n${output}`).toBe(step.exit);
      outputs.push({ command: step.command, output });
    }
    return outputs;
  } finally {
    await usc.close();
  }
}

const user = { username: "readme@vsphere.local", password: "Readme-Main-1!" };
const otherUser = { username: "readme-other@vsphere.local", password: "Readme-Other-1!" };
const limitedUser = {
  username: "readme-limited@vsphere.local",
  password: "Readme-Limited-1!",
  privileges: ["System.Anonymous", "System.View", "System.Read"],
};
const login = { USC_USERNAME: user.username, USC_PASSWORD: user.password };

describe("the README's workflows, run as written", { timeout: 900_000 }, () => {
  let mock: ReferenceServerHandle;
  let target: ReferenceServerHandle;
  let dirs: string[] = [];
  beforeAll(async () => {
    // A mock with one deviation the gate holds the line on; a conforming target with every user to certify.
    [mock, target] = await Promise.all([
      startReferenceServer({ ...user, faults: ["cancel-ends-any-state"] }),
      startReferenceServer({ ...user, users: [otherUser, limitedUser] }),
    ]);
  }, 60_000);
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await Promise.all([mock.close(), target.close()]);
  }, 60_000);
  const workDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "usc-readme-"));
    dirs = [...dirs, dir];
    return dir;
  };

  it("gate: a failing run, its baseline, a run gated by it, the comparison", async () => {
    const cwd = workDir();
    await runWorkflow("gate", cwd, { ...login, MOCK_URL: mock.url });
    const baseline = readFileSync(join(cwd, "usc-baseline.yaml"), "utf8");
    expect(baseline).toMatch(/- check: wrong-state\./);
    const comparison = readFileSync(join(cwd, "comparison.md"), "utf8");
    expect(comparison).toMatch(/no regression/);
    const gated = JSON.parse(readFileSync(join(cwd, "reports/change/results.json"), "utf8")) as {
      summary: { exitVerdict: string; expectedFailures: number };
    };
    expect(gated.summary).toMatchObject({ exitVerdict: "pass" });
    expect(gated.summary.expectedFailures).toBeGreaterThan(0);
  });

  it("certification: a key pair, a signed certification run, the bundle verified, then tampered with", async () => {
    const cwd = workDir();
    const outputs = await runWorkflow("certification", cwd, {
      ...login,
      TARGET_URL: target.url,
      USC_OTHER_USERNAME: otherUser.username,
      USC_OTHER_PASSWORD: otherUser.password,
      USC_LIMITED_USERNAME: limitedUser.username,
      USC_LIMITED_PASSWORD: limitedUser.password,
    });
    expect(existsSync(join(cwd, "bundle/manifest.json.sig"))).toBe(true);
    const verifications = outputs
      .filter(({ command }) => command.includes("bundle verify"))
      .map(({ output }) => output);
    expect(verifications).toHaveLength(2);
    expect(verifications[0]).toMatch(/: VERIFIED\n/);
    expect(verifications[0]).toMatch(/manifest\.json\.sig verified/);
    expect(verifications[1]).toMatch(/NOT VERIFIED/);
    expect(verifications[1]).toMatch(/report\.md has changed/);
    // The signature checked without usc, by openssl, as the README shows.
    const openssl = outputs.find(({ command }) => command.includes("openssl pkeyutl -verify"));
    expect(openssl?.output).toMatch(/Signature Verified Successfully/);
  });
});
