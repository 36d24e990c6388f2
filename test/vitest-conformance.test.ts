/**
 * The conformance suites run as this file's own tests through `conformance()` (update-session-conformance/
 * vitest), against a reference server the file starts and stops: every check is a test, and against the
 * conforming server each one passes, or is skipped where the documents say the form exists in one dialect
 * only. A failing test here names a check the integration maps wrongly (or a regression of the server).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startReferenceServer } from "../src/index.ts";
import { conformance } from "../src/vitest/index.ts";

const user = { username: "vitest@vsphere.local", password: "Vitest-Conformance-1!" };
const otherUser = { username: "vitest-other@vsphere.local", password: "Vitest-Other-1!" };
const limitedUser = { username: "vitest-limited@vsphere.local", password: "Vitest-Limited-1!" };
// Short, so the expiry checks that wait for an idle session to expire run in a few seconds; not shorter,
// since under a load average of 20 a check of create-conflicts took 4 s and its session expired at 2 s.
const idleTimeoutSeconds = 5;

const stateDir = mkdtempSync(join(tmpdir(), "usc-vitest-"));
const server = await startReferenceServer({
  ...user,
  users: [otherUser, { ...limitedUser, privileges: ["System.Anonymous", "System.View", "System.Read"] }],
  idleTimeoutSeconds,
});

conformance({
  target: server.url,
  ...user,
  otherUser,
  limitedUser,
  idleTimeoutSeconds,
  failOn: "should",
  stateDir,
  teardown: async () => {
    await server.close();
    rmSync(stateDir, { recursive: true, force: true });
  },
});
