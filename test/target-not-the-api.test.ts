import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runUscInProcess } from "./support/usc-in-process.ts";

// A web server that answers every request 200 with an HTML page (a portal, a proxy's error page): the
// user is told it is not the vSphere API, not given advice about datastores. One run of a few seconds.
describe("usc run against a target that answers HTML 200 to everything", { timeout: 90_000 }, () => {
  const server: Server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end("<!doctype html><html><body>Welcome</body></html>");
  });
  let url = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("says it is not the vSphere API, exits 3 (could not complete) without a stack trace, and writes the reports", async () => {
    const outcome = await runUscInProcess(["--target", url, "--username", "u", "--password", "p"]);
    const message = "this is not the vSphere API: POST /api/session answered 200 text/html";
    expect(outcome.code, outcome.stderr).toBe(3);
    expect(outcome.stdout).toContain(message);
    expect(outcome.stderr).toContain(message);
    expect(`${outcome.stdout}${outcome.stderr}`).not.toMatch(/datastore/);
    expect(outcome.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(outcome.results?.startFailure).toBe(message);
    for (const report of ["junit.xml", "results.json", "report.md"])
      expect(existsSync(join(outcome.reportDir, report)), report).toBe(true);
  });
});
