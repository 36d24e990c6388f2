import { describe, expect, it } from "vitest";
import { toMarkdown } from "../reporters/markdown.ts";
import { emptyRun, everyStatusRun, failingCheck, nastyRun, sampleRun } from "./support/sample-run.ts";

function sectionOf(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

describe("the Markdown report", () => {
  const run = everyStatusRun();
  const markdown = toMarkdown(run);

  it("opens with the verdict, the run's facts and a counts table", () => {
    expect(markdown.split("\n")[0]).toBe("# Update session conformance: ❌ FAIL");
    for (const fact of [run.runId, run.target, run.specHash, run.suiteVersion])
      expect(markdown).toContain(fact);
    expect(markdown).toContain("| pass | fail | warn | skip | blocked | error | total |");
    expect(markdown).toContain("| 1 | 1 | 1 | 1 | 1 | 1 | 6 |");
  });

  it("shows each failure with its id, message, request, expected, quote, actual and curl in a code block", () => {
    const check = failingCheck();
    const failures = sectionOf(markdown, "Failures (1)");
    expect(failures).toContain(`\`${check.id}\` [rest]`);
    expect(failures).toContain(
      "second complete returned 200, expected 400 not\\_allowed\\_in\\_current\\_state",
    );
    expect(failures).toContain(
      "**Request:** `POST /rest/com/vmware/content/library/item/update-session/id:session-1?~action=complete`",
    );
    expect(failures).toContain("**Expected:** 400 with error type");
    expect(failures).toContain(`> ${check.quote}`);
    expect(failures).toContain("**Actual:** 200 with an empty body");
    expect(failures).toContain(["```sh", check.curl, "```"].join("\n"));
  });

  it("lists warnings with evidence, and the reasons of errored, blocked and skipped checks", () => {
    expect(sectionOf(markdown, "Warnings (1)")).toContain("`lifecycle.keep-alive.extends-expiry` [api]");
    expect(sectionOf(markdown, "Errors")).toContain(
      "- `lifecycle.delete.removes` [rest]: no response from the target: connect ECONNREFUSED 192.0.2.10:443",
    );
    expect(sectionOf(markdown, "Blocked")).toContain(
      "- `files.add.push-source` [rest]: prerequisite lifecycle.create.returns-id failed",
    );
    expect(sectionOf(markdown, "Skipped (1)")).toContain(
      "- `files.probe.reachable` [api]: probe is not offered",
    );
  });

  it("ends with a table of every check, suite by suite", () => {
    const all = sectionOf(markdown, "All checks");
    for (const heading of [
      "lifecycle \\[rest\\]",
      "lifecycle \\[api\\]",
      "files \\[api\\]",
      "files \\[rest\\]",
    ]) {
      expect(all).toContain(`### ${heading}`);
    }
    for (const check of run.checks) expect(all).toContain(`| \`${check.id}\` |`);
  });

  it("escapes hostile text so it cannot break tables or inject HTML", () => {
    const nasty = toMarkdown(nastyRun());
    // eslint-disable-next-line no-control-regex -- control characters must not reach the report
    expect(nasty).not.toMatch(/[\u0000\u0001\u001b]/);
    const rows = sectionOf(nasty, "All checks")
      .split("\n")
      .filter((line) => line.startsWith("| ") && !line.startsWith("| ---") && !line.startsWith("| Status"));
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(8);
    const prose = nasty.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, "").replace(/(?<!\\)`[^`\n]*`/g, "");
    expect(prose).not.toMatch(/(^|[^\\])<(?!\/?(details|summary)>)[a-z]/m);
    expect(prose).toContain("a \\< b \\&\\& c \\> d");
  });

  it("uses a longer fence when the curl itself contains backticks", () => {
    const check = failingCheck({ curl: "curl -d '```'" });
    expect(toMarkdown(sampleRun({ checks: [check] }))).toContain("````sh\ncurl -d '```'\n````");
  });

  it("says so when no check ran, and shows run errors", () => {
    const empty = toMarkdown(emptyRun({ runErrors: ["cleanup left session-9 behind"] }));
    expect(empty).toContain("No checks ran.");
    expect(sectionOf(empty, "Run errors (1)")).toContain("- cleanup left session-9 behind");
    expect(empty.split("\n")[0]).toBe("# Update session conformance: ⚠️ INCOMPLETE");
    expect(empty).toContain("- no check ran");
  });

  it("gives the verdict's reasons under the heading, and says when the run covers a selection only", () => {
    const blocked = toMarkdown(
      sampleRun({
        checks: [failingCheck({ status: "blocked", message: "needs a session" })],
        dialects: ["rest"],
        selection: { grep: "complete", dialect: "rest", notConfigured: [] },
      }),
    );
    const lines = blocked.split("\n");
    expect(lines[0]).toBe("# Update session conformance: ⚠️ INCOMPLETE");
    expect(lines[2]).toBe("- 1 check blocked by a failed prerequisite, verdict unknown");
    expect(blocked).toContain("**This run covers a selection only:**");
    expect(blocked).toContain("- only the checks matching --grep 'complete'");
    expect(blocked).toContain("- only the rest dialect (--dialect rest)");
    expect(toMarkdown(sampleRun())).not.toContain("selection only");
    expect(toMarkdown(sampleRun()).split("\n")[0]).toBe("# Update session conformance: ✅ PASS");
  });
});
