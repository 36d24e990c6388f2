/**
 * Builders of sample RunResults for the reporter self-tests: plain defaults that any field can override,
 * and a few ready-made runs (every status, hostile text, leaked secrets, nothing at all).
 */
import type { CheckResult, Exchange, RunResult } from "../../src/results/model.ts";

export const sampleTarget = "https://vcenter.example.test";
const apiPrefix = `${sampleTarget}/api/content/library/item/update-session`;
const restPrefix = `${sampleTarget}/rest/com/vmware/content/library/item/update-session`;

export function sampleExchange(overrides: Partial<Exchange> = {}): Exchange {
  return {
    operationId: "create",
    request: {
      method: "POST",
      url: apiPrefix,
      headers: { "content-type": "application/json", "vmware-api-session-id": "<redacted>" },
      body: '{"library_item_id":"item-1"}',
    },
    response: {
      status: 201,
      headers: { "content-type": "application/json" },
      body: '"session-1"',
    },
    networkError: undefined,
    durationMs: 12,
    ...overrides,
  };
}

export function sampleCheck(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    id: "lifecycle.create.returns-id",
    suite: "lifecycle",
    dialect: "api",
    level: "MUST",
    requirements: ["session.create.result"],
    title: "create returns the new session's id",
    status: "pass",
    message: "as documented",
    expected: "201 with the new session's id as a JSON string",
    actual: "201 with a JSON string",
    quote: "Returns: Identifier of the new update session being created.",
    transcript: [sampleExchange()],
    curl: `curl -sS -X POST '${apiPrefix}' -H 'vmware-api-session-id: $USC_SESSION_ID' -H 'content-type: application/json' -d '{"library_item_id":"item-1"}'`,
    durationMs: 15,
    ...overrides,
  };
}

export function sampleRun(overrides: Partial<RunResult> = {}): RunResult {
  return {
    runId: "usc-20251123-090000-ab12",
    target: sampleTarget,
    embeddedTarget: false,
    dialects: ["rest", "api"],
    suiteVersion: "0.1.0",
    specHash: "3f5a9c0e7b1d4f2a8c6e0b9d7f5a3c1e9b7d5f3a1c9e7b5d3f1a9c7e5b3d1f0a",
    failOn: "must",
    startedAt: "2025-11-23T09:00:00.000Z",
    finishedAt: "2025-11-23T09:00:04.250Z",
    checks: [sampleCheck()],
    runErrors: [],
    startFailure: undefined,
    interrupted: false,
    selection: { grep: undefined, dialect: "both", notConfigured: [] },
    ...overrides,
  };
}

/** A failing check with complete evidence: the shape design §5 asks every failure message to carry. */
export function failingCheck(overrides: Partial<CheckResult> = {}): CheckResult {
  const url = `${restPrefix}/id:session-1?~action=complete`;
  return sampleCheck({
    id: "lifecycle.complete.twice-not-allowed",
    dialect: "rest",
    requirements: ["session.complete.state", "errors.not-allowed-in-current-state"],
    title: "completing a completed session fails with not_allowed_in_current_state",
    status: "fail",
    message: "second complete returned 200, expected 400 not_allowed_in_current_state",
    expected: "400 with error type com.vmware.vapi.std.errors.not_allowed_in_current_state",
    actual: "200 with an empty body",
    quote: "NotAllowedInCurrentState: if the update session is not in the ACTIVE state",
    transcript: [
      sampleExchange({
        operationId: "complete",
        request: { method: "POST", url, headers: {}, body: undefined },
        response: { status: 200, headers: {}, body: "" },
      }),
    ],
    curl: `curl -sS -X POST '${url}' -H 'vmware-api-session-id: $USC_SESSION_ID'`,
    ...overrides,
  });
}

/** One check per status, over two suites and both dialects, in the order a run would record them. */
export function everyStatusRun(overrides: Partial<RunResult> = {}): RunResult {
  const checks: CheckResult[] = [
    sampleCheck({ dialect: "rest" }),
    failingCheck(),
    sampleCheck({
      id: "lifecycle.keep-alive.extends-expiry",
      dialect: "api",
      level: "SHOULD",
      requirements: ["session.keep-alive.expiry"],
      title: "keep-alive moves expiration_time forward",
      status: "warn",
      message: "expiration_time did not move after keep-alive",
      expected: "a later expiration_time after keep-alive",
      actual: "expiration_time unchanged: 2025-11-23T10:00:00.000Z",
      quote:
        "Keeps an update session alive. If there is no activity for an update session after a period of time, the update session will expire, then be deleted.",
    }),
    sampleCheck({
      id: "files.probe.reachable",
      suite: "files",
      dialect: "api",
      level: "MAY",
      requirements: ["file.probe"],
      title: "probe reports the transfer endpoint",
      status: "skip",
      message: "probe is not offered by the api dialect (configuration excluded it)",
      expected: undefined,
      actual: undefined,
      transcript: [],
      curl: undefined,
    }),
    sampleCheck({
      id: "files.add.push-source",
      suite: "files",
      dialect: "rest",
      requirements: ["file.add.push"],
      title: "add with PUSH returns an upload endpoint",
      status: "blocked",
      message: "prerequisite lifecycle.create.returns-id failed: could not create an update session",
      expected: undefined,
      actual: undefined,
      transcript: [],
      curl: undefined,
    }),
    sampleCheck({
      id: "lifecycle.delete.removes",
      dialect: "rest",
      title: "delete removes the session",
      status: "error",
      message: "no response from the target: connect ECONNREFUSED 192.0.2.10:443",
      expected: undefined,
      actual: undefined,
      transcript: [
        sampleExchange({
          operationId: "delete",
          request: { method: "DELETE", url: `${restPrefix}/id:session-1`, headers: {}, body: undefined },
          response: undefined,
          networkError: "connect ECONNREFUSED 192.0.2.10:443",
          durationMs: 3,
        }),
      ],
      curl: `curl -sS -X DELETE '${restPrefix}/id:session-1' -H 'vmware-api-session-id: $USC_SESSION_ID'`,
    }),
  ];
  return sampleRun({ checks, ...overrides });
}

/** A run with no checks at all (e.g. every suite excluded). */
export function emptyRun(overrides: Partial<RunResult> = {}): RunResult {
  return sampleRun({ checks: [], ...overrides });
}

/**
 * Text that breaks naive XML and Markdown writers: markup characters, a CDATA terminator, both quotes,
 * characters XML 1.0 forbids (NUL, ESC, a lone surrogate, U+FFFE), CR, tabs and non-ASCII.
 */
export const nastyText =
  "a < b && c > d ]]> \"double\" 'single' \u0000nul \u0001soh \u001b[31mred\u001b[0m \uD800lone \uFFFE tab\tcr\r\nnewline é 日本語 🚀 `tick` | pipe *star* _under_ [link](x)";

/** Every status, with nasty text in every free-text field and a body far over the 4 KiB limit. */
export function nastyRun(): RunResult {
  const bigBody = JSON.stringify({ value: "x".repeat(10_000), nasty: nastyText });
  return everyStatusRun({
    target: `${sampleTarget}/?q=${nastyText}`,
    runErrors: [`cleanup left session-9 behind: ${nastyText}`],
    checks: everyStatusRun().checks.map((check) => ({
      ...check,
      title: `${check.title} ${nastyText}`,
      message: `${check.message} ${nastyText}`,
      expected: `expected ${nastyText}`,
      actual: `actual ${nastyText}`,
      quote: `quote ${nastyText}`,
      curl: `${check.curl ?? "curl"} -d '${nastyText}'`,
      requirements: [...check.requirements, "req.with<angle>&amp"],
      transcript: [
        ...check.transcript,
        sampleExchange({
          request: {
            method: "POST",
            url: `${apiPrefix}?x=${nastyText}`,
            headers: { "x-nasty": nastyText },
            body: bigBody,
          },
          response: { status: 400, headers: { "x-nasty": nastyText }, body: `${nastyText}\n${bigBody}` },
        }),
      ],
    })),
  });
}

/** The credentials the secrets run leaks everywhere a harness slip could put them. */
export const leakedSecrets = {
  user: "administrator@vsphere.local",
  password: "S3cr3t P@ss&<word>",
  sessionToken: "b7e4c1d2a9f04e6b8c3d2e1f0a9b8c7d",
  /** Basic credentials of user:password, as sent to the login endpoints. */
  get basic(): string {
    return Buffer.from(`${this.user}:${this.password}`).toString("base64");
  },
  /** A cookie value that is never in the secrets list: only the header rule can catch it. */
  cookieOnly: "JSESSIONID-cookie-only-9f8e7d6c",
  /** A proxy credential that is never in the secrets list. */
  proxyOnly: "cHJveHk6cHJveHktb25seQ==",
} as const;

/** The secrets the harness would hand the reporters (the header-only ones deliberately missing). */
export const secretsList: readonly string[] = [leakedSecrets.password, leakedSecrets.sessionToken];

/**
 * A run whose transcripts, messages and curl lines contain the password, the session token and
 * credential headers in every case, as if the harness had redacted nothing.
 */
export function secretsRun(): RunResult {
  const { password, sessionToken, basic, cookieOnly, proxyOnly } = leakedSecrets;
  const login = sampleExchange({
    operationId: "login",
    request: {
      method: "POST",
      url: `${sampleTarget}/api/session`,
      headers: { Authorization: `Basic ${basic}`, "Proxy-Authorization": `Basic ${proxyOnly}` },
      body: undefined,
    },
    response: {
      status: 201,
      headers: {
        "SET-COOKIE": `vmware-api-session-id=${sessionToken}; Path=/api; Secure`,
        "content-type": "application/json",
      },
      body: JSON.stringify(sessionToken),
    },
  });
  const create = sampleExchange({
    request: {
      method: "POST",
      url: `${apiPrefix}?password=${encodeURIComponent(password)}`,
      headers: {
        "VMware-Api-Session-Id": sessionToken,
        Cookie: `JSESSIONID=${cookieOnly}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ library_item_id: "item-1", note: `typed ${password} by mistake` }),
    },
    response: {
      status: 400,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        error_type: "INVALID_ARGUMENT",
        messages: [{ default_message: `bad token ${sessionToken}`, id: "x" }],
        echoed: `Authorization: Basic ${basic}\nCookie: JSESSIONID=${cookieOnly}`,
      }),
    },
  });
  const failing = failingCheck({
    message: `create with session ${sessionToken} returned 400`,
    actual: `400 echoing the password ${password}`,
    transcript: [login, create],
    curl: `curl -sS -u '${leakedSecrets.user}:${password}' -H 'Authorization: Basic ${basic}' -H 'vmware-api-session-id: ${sessionToken}' -H "Cookie: JSESSIONID=${cookieOnly}" '${create.request.url}'`,
  });
  const warned = sampleCheck({
    status: "warn",
    level: "SHOULD",
    message: `proxy-authorization: Basic ${proxyOnly} was echoed`,
    transcript: [login],
  });
  const errored = sampleCheck({
    id: "auth.login.basic",
    status: "error",
    message: `harness error: login as https://${leakedSecrets.user}:${password}@vcenter.example.test failed`,
    transcript: [login],
  });
  return sampleRun({
    checks: [failing, warned, errored],
    runErrors: [`cleanup could not log in with ${password}`],
  });
}
