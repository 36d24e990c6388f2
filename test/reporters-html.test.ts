import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHtml } from "../reporters/html.ts";
import { type ReferenceServerHandle, startReferenceServer } from "../server/index.ts";
import type { CheckResult, RunResult } from "../src/results/model.ts";
import { type Browser, browserRequired, findChromium, startBrowser } from "./support/chromium.ts";
import type { UscRunOutcome } from "../scripts/support/run-embedded.ts";
import { runUscInProcess } from "./support/usc-in-process.ts";

// report.html is read by people in a browser: opened from a CI artefact, often offline. It is tested in a
// real headless Chromium: the summary without JavaScript, the filters with it, a failing check's details,
// and target text that tries to inject markup.

const chromium = findChromium();
const user = { username: "html@vsphere.local", password: "Html-Report-1!" };

function textOf(dom: string, pattern: RegExp): string | undefined {
  return pattern.exec(dom)?.[1];
}

describe("report.html", { timeout: 300_000 }, () => {
  let faulty: ReferenceServerHandle;
  let run: UscRunOutcome;
  let url: string;
  let html: string;
  let dir: string;
  // One browser loads the three pages, each in a tab of its own: a browser start per page cost about
  // 0.8 CPU-seconds more each.
  let browser: Browser | undefined;
  const dumpDom = (url: string) => {
    browser ??= startBrowser(chromium ?? "");
    return browser.dumpDom(url);
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "usc-html-"));
    faulty = await startReferenceServer({ ...user, faults: ["list-ignores-filter"] });
    run = await runUscInProcess(["--target", faulty.url, "--suite", "lifecycle"], {
      timeoutMs: 240_000,
      env: { USC_USERNAME: user.username, USC_PASSWORD: user.password },
    });
    html = readFileSync(join(run.reportDir, "report.html"), "utf8");
    url = pathToFileURL(join(run.reportDir, "report.html")).href;
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
    await faulty.close();
  }, 60_000);

  it("is written beside the other reports, self-contained, without the password", () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/reports: .*report\.html/);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"`,
    );
    // Nothing loads from elsewhere: no src or href attribute, no @import or url() in the style.
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).not.toContain(user.password);
  });

  it.skipIf(chromium === undefined && !browserRequired)(
    "shows the verdict and counts without JavaScript, and no dead filter controls",
    async () => {
      expect(chromium, "Debian's chromium is required (USC_REQUIRE_BROWSER=1)").toBeDefined();
      // The browser runs no script when the page's own policy forbids it: a copy with script-src 'none'.
      const noScript = join(dir, "no-script.html");
      writeFileSync(noScript, html.replace("script-src 'unsafe-inline'", "script-src 'none'"));
      const dom = await dumpDom(pathToFileURL(noScript).href);
      const failures = run.results?.checks.filter((check) => check.status === "fail").length ?? 0;
      expect(failures).toBeGreaterThan(0);
      expect(textOf(dom, /id="verdict">([A-Z]+)</)).toBe("FAIL");
      expect(textOf(dom, /data-count="fail">(\d+)</)).toBe(String(failures));
      expect(textOf(dom, /data-count="total">(\d+)</)).toBe(String(run.results?.checks.length));
      expect(dom).toMatch(/<form class="filters" hidden/);
    },
  );

  it.skipIf(chromium === undefined && !browserRequired)(
    "filters by status, suite and dialect from the address, and shows a failing check's evidence",
    async () => {
      expect(chromium, "Debian's chromium is required (USC_REQUIRE_BROWSER=1)").toBeDefined();
      const dom = await dumpDom(`${url}#status=fail&dialect=api`);
      const failing =
        run.results?.checks.filter((check) => check.status === "fail" && check.dialect === "api") ?? [];
      const total = run.results?.checks.length ?? 0;
      expect(dom).toContain(`${failing.length} of ${total} results shown`);
      const visible = [...dom.matchAll(/<details class="check" id="([^"]+)"[^>]*>/g)]
        .filter((match) => !match[0].includes("hidden"))
        .map((match) => match[1]);
      expect(visible).toEqual(
        failing.map(
          (check) =>
            `api/${check.suite}/${check.id}${check.subject === undefined ? "" : `/${check.subject}`}`,
        ),
      );
      // The failing check's details are open, with its evidence.
      const element =
        /<details class="check" id="api\/lifecycle\/lifecycle\.list\.filter-excludes-other-items"[^>]*open[^>]*>([\s\S]*?)<\/details>/.exec(
          dom,
        )?.[1] ?? "";
      expect(element).toMatch(/<span class="name">Expected:<\/span> a list without /);
      expect(element).toMatch(/<span class="name">Requirements:<\/span> [^<]*list\.filter-by-item/);
      expect(element).toMatch(/<span class="name">Reproduce:<\/span><pre>curl /);
      expect(element).toMatch(/<span class="name">Transcript:<\/span><pre>/);
      // Credentials show as placeholders, and the markup around them survives the redaction.
      expect(element).toMatch(/<pre>curl [^<]*vmware-api-session-id: \$USC_SESSION[^<]*<\/pre>/);
      expect(element).toMatch(/&gt; vmware-api-session-id: &lt;redacted&gt;\n/);
      expect(element).not.toContain(user.password);
    },
  );

  it.skipIf(chromium === undefined && !browserRequired)(
    "escapes target text so it cannot add markup or script",
    async () => {
      expect(chromium, "Debian's chromium is required (USC_REQUIRE_BROWSER=1)").toBeDefined();
      const hostile = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;
      const check: CheckResult = {
        id: "lifecycle.get.members",
        suite: "lifecycle",
        dialect: "api",
        level: "MUST",
        requirements: ["get.returns-model"],
        title: "get shows the documented members",
        status: "fail",
        message: `state: ${hostile}`,
        expected: "ACTIVE",
        actual: hostile,
        quote: undefined,
        transcript: [],
        curl: undefined,
        durationMs: 3,
      };
      const crafted: RunResult = {
        runId: "usc-hostile",
        target: "http://127.0.0.1:1",
        embeddedTarget: false,
        dialects: ["api"],
        suiteVersion: "0",
        specHash: "0".repeat(64),
        failOn: "must",
        startedAt: "2026-01-01T00:00:00.000Z",
        finishedAt: "2026-01-01T00:00:01.000Z",
        checks: [check],
        runErrors: [hostile],
        startFailure: undefined,
        interrupted: false,
        selection: { grep: undefined, dialect: "api", notConfigured: [] },
      };
      const path = join(dir, "hostile.html");
      writeFileSync(path, toHtml(crafted));
      const dom = await dumpDom(pathToFileURL(path).href);
      expect(dom).toMatch(/<title>usc FAIL: usc-hostile<\/title>/);
      expect(dom).not.toMatch(/<img/);
      expect(dom).toContain("&lt;img src=x onerror=");
      expect(dom.match(/<script>/g)?.length).toBe(1);
    },
  );
});
