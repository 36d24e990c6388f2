import { describe, expect, it } from "vitest";
import { redactHeaderMentions, redactText, redactUrlCredentials, redactValue } from "../src/http/redact.ts";
import { sampleCheck, sampleExchange, sampleRun } from "./support/sample-run.ts";

describe("redactText", () => {
  it("replaces every occurrence of each secret of four characters or more", () => {
    expect(redactText("token abcd, again abcd", ["abcd"])).toBe("token <redacted>, again <redacted>");
  });

  it("ignores secrets shorter than four characters, which would shred the text", () => {
    expect(redactText("a b abc", ["abc", "", "a"])).toBe("a b abc");
  });

  it("replaces a secret that contains another one whole", () => {
    expect(redactText("pass=hunter2-long", ["hunter2", "hunter2-long"])).toBe("pass=<redacted>");
  });

  it("also finds a secret URL-encoded, form-encoded or escaped inside a JSON string", () => {
    const secret = 'p@ss "w/rd" &x';
    const text = [
      encodeURIComponent(secret),
      encodeURIComponent(secret).replace(/%20/g, "+"),
      JSON.stringify(secret),
    ];
    expect(redactText(text.join(" "), [secret])).toBe('<redacted> <redacted> "<redacted>"');
  });

  it("accepts a secret no URL can encode (a lone surrogate)", () => {
    expect(redactText("x\uD800abc y", ["\uD800abc"])).toBe("x<redacted> y");
  });
});

describe("redactHeaderMentions", () => {
  it("replaces credential header values in any case, as header lines, JSON members or cookies", () => {
    const text = [
      "AUTHORIZATION: Basic dXNlcjpwYXNz",
      "proxy-authorization: Basic cHJveHk=",
      '{"Vmware-Api-Session-Id":"tok-123"}',
      "Set-Cookie: vmware-api-session-id=tok-456; Path=/",
      "cookie=abc123",
    ].join("\n");
    expect(redactHeaderMentions(text)).toBe(
      [
        "AUTHORIZATION: <redacted>",
        "proxy-authorization: <redacted>",
        '{"Vmware-Api-Session-Id":"<redacted>"}',
        "Set-Cookie: <redacted>",
        "cookie=<redacted>",
      ].join("\n"),
    );
  });

  it("keeps placeholders a copy-paste curl needs", () => {
    const curl = `curl -H 'vmware-api-session-id: $USC_SESSION_ID' -H "Authorization: Basic \${USC_BASIC}" -H 'Cookie: <cookie>'`;
    expect(redactHeaderMentions(curl)).toBe(curl);
  });

  it("leaves prose that only names a header alone", () => {
    const prose = "the vmware-api-session-id header is required; Authorization is optional";
    expect(redactHeaderMentions(prose)).toBe(prose);
  });
});

describe("redactUrlCredentials", () => {
  it("replaces the user-info of a URL", () => {
    expect(redactUrlCredentials("see https://administrator@vsphere.local:pw@vc.example/api")).toBe(
      "see https://<redacted>@vc.example/api",
    );
    expect(redactUrlCredentials("mail admin@example.com about https://vc.example/a@b")).toBe(
      "mail admin@example.com about https://vc.example/a@b",
    );
  });
});

describe("redactValue on a run", () => {
  it("scrubs every string of the run and every credential header map entry, leaving the rest", () => {
    const exchange = sampleExchange({
      request: {
        method: "GET",
        url: "https://vc.example/api?token=tok-secret",
        headers: { "X-Trace": "tok-secret", COOKIE: "a=b" },
        body: undefined,
      },
    });
    const run = sampleRun({
      runErrors: ["left tok-secret"],
      checks: [sampleCheck({ message: "saw tok-secret", transcript: [exchange] })],
    });
    const safe = redactValue(run, ["tok-secret"]);
    expect(JSON.stringify(safe)).not.toContain("tok-secret");
    expect(safe.checks[0]?.transcript[0]?.request.headers).toEqual({
      "X-Trace": "<redacted>",
      COOKIE: "<redacted>",
    });
    expect(safe.checks[0]?.transcript[0]?.durationMs).toBe(exchange.durationMs);
    expect(safe.checks[0]?.expected).toBe(run.checks[0]?.expected);
    expect(run.runErrors).toEqual(["left tok-secret"]);
  });
});
