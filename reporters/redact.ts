/**
 * The reporters' last line of defence against leaking credentials. The harness already redacts
 * transcripts; this runs again on everything a reporter prints, so a harness slip never reaches a CI log,
 * a JUnit file or a certification bundle.
 */
import type { RunResult } from "../src/results/model.ts";

/** What every reporter accepts besides the run. */
export interface RedactionOptions {
  /**
   * Values that must never appear in the output (the password, the session token, ...). Secrets shorter
   * than `minimumSecretLength` are ignored: replacing every "ab" would shred the report.
   */
  secrets?: readonly string[] | undefined;
}

export const redactedMarker = "<redacted>";
export const minimumSecretLength = 4;

/** Headers whose value is a credential whatever the run says about it (compared case-insensitively). */
export const sensitiveHeaderNames: readonly string[] = [
  "authorization",
  "proxy-authorization",
  "vmware-api-session-id",
  "cookie",
  "set-cookie",
];

const sensitiveHeaderSet = new Set(sensitiveHeaderNames);

/**
 * `Name: value` or `"name":"value"` or `name=value` in free text (curl lines, bodies, messages). The
 * look-behind stops `cookie` matching inside `set-cookie`; the value runs to the end of the line or the
 * next quote.
 */
const sensitiveHeaderInText =
  /(?<![\w-])(proxy-authorization|authorization|vmware-api-session-id|set-cookie|cookie)(["']?[ \t]*[:=][ \t]*["']?)([^"'\r\n]*)/gi;

/**
 * Placeholders a copy-paste curl uses instead of the credential (`$USC_SESSION_ID`, `${TOKEN}`, `<token>`,
 * `{{token}}`, optionally after an auth scheme): not secrets, and the command is useless without them.
 */
const placeholderValue =
  /^[ \t]*(?:[A-Za-z]+[ \t]+)?(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|<[^<>]*>|\{\{[^{}]*\}\})[ \t]*$/;

/** The forms a secret takes in the output: as is, inside a JSON string, and URL- or form-encoded. */
function secretForms(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1)];
  try {
    const uriEncoded = encodeURIComponent(secret);
    forms.push(uriEncoded, uriEncoded.replace(/%20/g, "+"));
  } catch {
    // A lone surrogate has no URL encoding, so the secret cannot appear URL-encoded either.
  }
  return forms;
}

/**
 * Replaces each known secret of at least four characters (and its JSON-escaped and URL-encoded forms) by
 * `<redacted>`. Longer secrets go first, so a secret that contains another is replaced whole.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const form of formsOf(secrets)) {
    if (out.includes(form)) out = out.split(form).join(redactedMarker);
  }
  return out;
}

/** The forms to cut, remembered per list of secrets: a report scrubs thousands of strings with the same few. */
const formsCache = new Map<string, string[]>();
function formsOf(secrets: readonly string[]): string[] {
  const key = secrets.join("\u0000");
  let forms = formsCache.get(key);
  if (forms === undefined) {
    forms = [
      ...new Set(secrets.filter((s) => s.length >= minimumSecretLength).flatMap((s) => secretForms(s))),
    ]
      .filter((form) => form !== redactedMarker)
      .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
    if (formsCache.size >= 64) formsCache.clear();
    formsCache.set(key, forms);
  }
  return forms;
}

/** Replaces the value of every credential-bearing header written out in free text. */
export function scrubSensitiveHeaders(text: string): string {
  return text.replace(sensitiveHeaderInText, (whole, name: string, separator: string, value: string) =>
    value.length === 0 || value === redactedMarker || placeholderValue.test(value)
      ? whole
      : `${name}${separator}${redactedMarker}`,
  );
}

/** `https://user:password@host`: the user-info part of a URL is a credential. */
const urlUserInfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"']+@/gi;

/** Replaces the user-info of every URL in the text (`https://<redacted>@host`). */
export function scrubUrlCredentials(text: string): string {
  return text.replace(urlUserInfo, (_whole, scheme: string) => `${scheme}${redactedMarker}@`);
}

/** All scrubs on one string: known secrets first (they may hide in any text), then headers and URLs. */
export function scrubText(text: string, secrets: readonly string[]): string {
  return scrubUrlCredentials(scrubSensitiveHeaders(scrubSecrets(text, secrets)));
}

/** A credential header's value goes whole; a list of values (several set-cookie lines) goes item by item. */
function redactHeaderValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactedMarker;
  if (Array.isArray(value)) {
    return value.map((item) => (typeof item === "string" ? redactedMarker : scrubValue(item, secrets)));
  }
  return scrubValue(value, secrets);
}

function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (value !== null && typeof value === "object") {
    // fromEntries defines own properties, so even a `__proto__` key stays plain data.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        scrubText(key, secrets),
        sensitiveHeaderSet.has(key.toLowerCase())
          ? redactHeaderValue(item, secrets)
          : scrubValue(item, secrets),
      ]),
    );
  }
  return value;
}

/**
 * A copy of the run with every string scrubbed and every credential-bearing header value (in any
 * headers map, whatever its case) replaced by `<redacted>`. Walks the whole value rather than the fields
 * known today, so a field added to the model later is covered too. Reporters format only this copy.
 */
export function redactRun(run: RunResult, options: RedactionOptions = {}): RunResult {
  const secrets = options.secrets ?? [];
  const key = secrets.join("\u0000");
  if (redactedCopies.get(run) === key) return run;
  const copy = scrubValue(run, secrets) as RunResult;
  redactedCopies.set(copy, key);
  return copy;
}

/**
 * The copies redactRun made, with the secrets they were scrubbed of: the three reports of a run are written
 * from one copy (src/cli/write-reports.ts), and walking every transcript again for each would be most of
 * the time spent writing them. A copy is never scrubbed again for the same secrets; any other run is.
 */
const redactedCopies = new WeakMap<RunResult, string>();
