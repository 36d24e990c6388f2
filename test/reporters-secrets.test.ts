import { describe, expect, it } from "vitest";
import {
  failureLines,
  runErrorLines,
  suiteProgressLine,
  summaryLine,
  toJUnitXml,
  toMarkdown,
  toResultsJson,
} from "../reporters/index.ts";
import type { RedactionOptions } from "../src/http/redact.ts";
import type { RunResult } from "../src/results/model.ts";
import { leakedSecrets, secretsList, secretsRun } from "./support/sample-run.ts";

const outputs: Record<string, (run: RunResult, options: RedactionOptions) => string> = {
  junit: (run, options) => toJUnitXml(run, options),
  json: (run, options) => toResultsJson(run, options),
  markdown: (run, options) => toMarkdown(run, options),
  console: (run, options) =>
    [
      ...run.checks.map((check) => suiteProgressLine(check.suite, check.dialect, [check], options)),
      summaryLine(run, options),
      ...failureLines(run, { ...options, color: true }),
      ...runErrorLines(run, options),
    ].join("\n"),
};

/** Every spelling in which a credential could reach a report. */
function spellings(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
  ];
}

const headerOnlyCredentials = [leakedSecrets.basic, leakedSecrets.cookieOnly, leakedSecrets.proxyOnly];

describe("no reporter leaks a credential", () => {
  for (const [name, report] of Object.entries(outputs)) {
    it(`${name}: neither the listed secrets nor credential header values appear`, () => {
      const text = report(secretsRun(), { secrets: secretsList });
      for (const secret of [...secretsList, ...headerOnlyCredentials]) {
        for (const spelling of spellings(secret))
          expect(text, `${name} leaks ${spelling}`).not.toContain(spelling);
      }
      expect(text).toContain("redacted");
      expect(text).not.toContain("S3cr3t");
    });

    it(`${name}: credential headers are scrubbed even when the secrets list is empty`, () => {
      const text = report(secretsRun(), {});
      for (const secret of headerOnlyCredentials)
        expect(text, `${name} leaks ${secret}`).not.toContain(secret);
    });
  }

  it("replaces credential header values in every case of the header name, keeping the names", () => {
    const document = JSON.parse(toResultsJson(secretsRun(), { secrets: secretsList })) as RunResult;
    const [login, create] = document.checks[0]?.transcript ?? [];
    expect(login?.request.headers).toEqual({
      Authorization: "<redacted>",
      "Proxy-Authorization": "<redacted>",
    });
    expect(login?.response?.headers["SET-COOKIE"]).toBe("<redacted>");
    expect(create?.request.headers).toMatchObject({
      "VMware-Api-Session-Id": "<redacted>",
      Cookie: "<redacted>",
    });
    expect(create?.request.headers["content-type"]).toBe("application/json");
  });

  it("keeps the curl line's shape: only the credentials are replaced", () => {
    const [line] = toMarkdown(secretsRun(), { secrets: secretsList })
      .split("\n")
      .filter((l) => l.startsWith("curl "));
    expect(line).toBe(
      "curl -sS -u 'administrator@vsphere.local:<redacted>' -H 'Authorization: <redacted>' -H 'vmware-api-session-id: <redacted>' -H \"Cookie: <redacted>\" 'https://vcenter.example.test/api/content/library/item/update-session?password=<redacted>'",
    );
  });
});
