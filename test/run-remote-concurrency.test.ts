import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCredentials, startReferenceServer, type ReferenceServerHandle } from "../server/index.ts";
import { runCli } from "../scripts/support/run-cli.ts";

// A remote target gets every suite instance at once by default (24): each request in flight listens to
// the run's interrupt signal, and the run must not warn of a listener leak on the user's terminal.
describe("a run against a remote target at its default concurrency", () => {
  let server: ReferenceServerHandle;
  const dir = mkdtempSync(join(tmpdir(), "usc-remote-concurrency-"));

  beforeAll(async () => {
    server = await startReferenceServer({});
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // A whole run: about 5 s on a quiet machine, 20 s or more beside other work.
  it("passes without a MaxListenersExceededWarning", { timeout: 180_000 }, async () => {
    const result = await runCli(["run", "--target", server.url, "--report-dir", dir], {
      timeoutMs: 170_000,
      cwd: dir,
      env: { USC_USERNAME: defaultCredentials.username, USC_PASSWORD: defaultCredentials.password },
    });
    expect(result.stderr).not.toMatch(/MaxListenersExceededWarning/);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});
