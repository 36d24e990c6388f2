import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UscRunOutcome } from "../scripts/support/run-embedded.ts";
import { junitSchemaErrors } from "./fixtures/junit/lint.ts";
import { startTogether } from "./support/start-together.ts";
import { runUscInProcess } from "./support/usc-in-process.ts";

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

// Each case is one usc run in this process (test/support/usc-in-process.ts) that ends by a timeout: up
// to 20 s on a loaded machine. The runs start together, so the one waiting for its timeouts does not hold
// the worker while the others wait their turn; each test awaits its own.
describe("usc run against a target that cannot give a verdict", { timeout: 120_000 }, () => {
  const sockets = new Set<Socket>();
  // Accepts connections and never answers: every request must end by the per-request timeout.
  const hanging = createServer(() => undefined);
  hanging.on("connection", (socket) => sockets.add(socket));
  let hangingUrl = "";
  let closedUrl = "";
  let started = 0;
  let runs: Record<"refused" | "hanging" | "list" | "badFlag", Promise<UscRunOutcome>>;

  beforeAll(async () => {
    hangingUrl = await listen(hanging);
    const probe = createServer();
    closedUrl = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    const login = ["--username", "u", "--password", "p"];
    started = Date.now();
    runs = startTogether({
      refused: () => runUscInProcess(["--target", closedUrl, ...login, "--timeout", "2000"]),
      hanging: () => runUscInProcess(["--target", hangingUrl, ...login, "--timeout", "700"]),
      list: () => runUscInProcess(["--list", "--target", closedUrl]),
      badFlag: () => runUscInProcess(["--dialect", "soap"]),
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it("a refused connection ends quickly with exit 3 (could not complete), a clear message and reports written", async () => {
    const outcome = await runs.refused;
    expect(outcome.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(outcome.stderr).toMatch(/unreachable|refused/i);
    expect(outcome.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(outcome.results?.runErrors.join("\n")).toMatch(/refused/i);
    // Nothing verified is called a pass, in any report.
    expect(outcome.stdout).toMatch(
      /verdict INCOMPLETE \(fail on must\): the run could not start: .*refused/i,
    );
    expect(outcome.results?.startFailure).toMatch(/refused/i);
    expect(outcome.markdown?.split("\n")[0]).toBe("# Update session conformance: ⚠️ INCOMPLETE");
    expect(outcome.junit).toContain('<property name="usc.verdict" value="incomplete"/>');
    expect(await junitSchemaErrors(outcome.junit ?? "")).toEqual([]);
  });

  it("a target that never answers ends within the timeouts with exit 3 and reports written", async () => {
    const outcome = await runs.hanging;
    expect(outcome.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(outcome.stderr).toMatch(/no response within 700 ms/);
    expect(outcome.results?.runErrors.length).toBeGreaterThan(0);
    expect(outcome.junit).toContain("<testsuites");
  });

  it("--list prints every check with its level and requirements without touching the target", async () => {
    const outcome = await runs.list;
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/lifecycle\.create\.returns-id\s+MUST/);
    expect(outcome.stdout).toMatch(/requirements: create\.returns-id/);
    expect(outcome.results).toBeUndefined();
  });

  it("a bad flag is a usage error: exit 2, one clear line, no stack trace", async () => {
    const outcome = await runs.badFlag;
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/dialect/);
    expect(outcome.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
