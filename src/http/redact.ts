/**
 * The one redaction module. The transport redacts before anything is stored in an Exchange (header maps,
 * URLs, bodies), the checks redact their messages with the secrets learnt later (a login's token), and
 * the reporters run everything they print through it once more as the last line of defence, so a slip
 * anywhere never reaches a CI log, a JUnit file or a certification bundle.
 */

/** What every reporter accepts besides the run. */
export interface RedactionOptions {
  /**
   * Values that must never appear in the output (the password, the session token, ...). Secrets shorter
   * than `minimumSecretLength` are ignored: replacing every "ab" would shred the report.
   */
  secrets?: readonly string[] | undefined;
}

export const redactedMark = "<redacted>";

/**
 * Secrets shorter than this are not cut out of free text: replacing every "p" would shred URLs and messages
 * while hiding nothing. Header values are masked whatever their length.
 */
export const minimumSecretLength = 4;

/** Headers whose values are credentials, whatever they contain (lower-case names). */
export const sensitiveHeaders: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "vmware-api-session-id",
  "cookie",
  "set-cookie",
]);

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
export function redactText(text: string, secrets: readonly string[]): string {
  return cutForms(text, formsOf(secrets));
}

/**
 * The forms of the secrets, worked out once for a whole value or exchange: a run redacts about a hundred
 * thousand strings, and looking the forms up for each one was most of the cost of redaction.
 */
function cutForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) {
    if (out.includes(form)) out = out.split(form).join(redactedMark);
  }
  return out;
}

/** The forms to cut, remembered per list of secrets: a run redacts thousands of strings with the same few. */
const formsCache = new Map<string, string[]>();
function formsOf(secrets: readonly string[]): string[] {
  const key = secrets.join("\u0000");
  let forms = formsCache.get(key);
  if (forms === undefined) {
    forms = [
      ...new Set(secrets.filter((s) => s.length >= minimumSecretLength).flatMap((s) => secretForms(s))),
    ]
      .filter((form) => form !== redactedMark)
      .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
    if (formsCache.size >= 64) formsCache.clear();
    formsCache.set(key, forms);
  }
  return forms;
}

/**
 * Every match of {@link sensitiveHeaderInText} contains one of these (case aside): `authorization` is in
 * `proxy-authorization`, `session-id` in `vmware-api-session-id`, `cookie` in `set-cookie`. Most strings of a
 * run hold none, and this plain alternation rejects them several times faster than the full pattern, whose
 * look-behind is tried at every position.
 */
const sensitiveHeaderHint = /authorization|session-id|cookie/i;

/** Replaces the value of every credential-bearing header written out in free text. */
export function redactHeaderMentions(text: string): string {
  if (!sensitiveHeaderHint.test(text)) return text;
  return text.replace(sensitiveHeaderInText, (whole, name: string, separator: string, value: string) =>
    value.length === 0 || value === redactedMark || placeholderValue.test(value)
      ? whole
      : `${name}${separator}${redactedMark}`,
  );
}

/** `https://user:password@host`: the user-info part of a URL is a credential. */
const urlUserInfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"']+@/gi;

/** Replaces the user-info of every URL in the text (`https://<redacted>@host`). */
export function redactUrlCredentials(text: string): string {
  // User-info ends with "@": a text without one (most of them) cannot hold any, and includes() is cheap.
  if (!text.includes("@")) return text;
  return text.replace(urlUserInfo, (_whole, scheme: string) => `${scheme}${redactedMark}@`);
}

/** Every redaction on one string: known secrets first (they may hide in any text), then headers and URLs. */
export function redactAll(text: string, secrets: readonly string[]): string {
  return redactAllForms(text, formsOf(secrets));
}

function redactAllForms(text: string, forms: readonly string[]): string {
  return redactUrlCredentials(redactHeaderMentions(cutForms(text, forms)));
}

/** A credential header's value goes whole; a list of values (several set-cookie lines) goes item by item. */
function redactHeaderValue(value: unknown, forms: readonly string[]): unknown {
  if (typeof value === "string") return redactedMark;
  if (Array.isArray(value)) {
    return value.map((item) => (typeof item === "string" ? redactedMark : redactAny(item, forms)));
  }
  return redactAny(value, forms);
}

/**
 * A copy of a JSON-like value (a run's results, say) with every string passed through {@link redactAll}
 * and every credential-bearing header value, in any map, whatever its case, replaced by `<redacted>`.
 * Walks the whole value rather than the fields known today, so a field added to a model later is covered.
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  const key = secrets.join("\u0000");
  if (typeof value === "object" && value !== null && redactedCopies.get(value) === key) return value;
  const copy = redactAny(value, formsOf(secrets)) as T;
  if (typeof copy === "object" && copy !== null) redactedCopies.set(copy, key);
  return copy;
}

/**
 * The copies redactValue made, with the secrets they were scrubbed of: the reports of a run are written
 * from one copy (src/cli/write-reports.ts), and walking every transcript again for each report would be most
 * of the time spent writing them. A copy is never walked again for the same secrets; any other value is.
 */
const redactedCopies = new WeakMap<object, string>();

function redactAny(value: unknown, forms: readonly string[]): unknown {
  if (typeof value === "string") return redactAllForms(value, forms);
  if (Array.isArray(value)) return value.map((item) => redactAny(item, forms));
  if (value !== null && typeof value === "object") {
    // A loop filling one object: entries() and fromEntries() built two arrays per object of a run's
    // results, a visible share of the garbage of writing its reports.
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      defineEntry(
        copy,
        redactAllForms(key, forms),
        sensitiveHeaders.has(key.toLowerCase()) ? redactHeaderValue(item, forms) : redactAny(item, forms),
      );
    }
    return copy;
  }
  return value;
}

/** Sets a plain data property: a `__proto__` key (JSON may carry one) must not replace the prototype. */
function defineEntry(target: Record<string, unknown>, key: string, item: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value: item, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = item;
  }
}

/**
 * Header names lower-cased; values of credential headers replaced (an authorization scheme such as `Basic`
 * is kept: it says how to reproduce the request and is not secret); secrets cut out of every other value.
 */
export function redactHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  secrets: readonly string[] = [],
): Record<string, string> {
  return redactHeadersWith(headers, formsOf(secrets));
}

function redactHeadersWith(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  forms: readonly string[],
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(headers)) {
    if (rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    const value = typeof rawValue === "string" ? rawValue : rawValue.join(", ");
    if (!sensitiveHeaders.has(name)) {
      result[name] = cutForms(value, forms);
      continue;
    }
    const scheme = /^(Basic|Bearer|Negotiate|Digest|SIGN)\s/i.exec(value)?.[1];
    result[name] = scheme === undefined ? redactedMark : `${scheme} ${redactedMark}`;
  }
  return result;
}

/** {@link redactText} and {@link redactHeaders} with one list of secrets, looked up once for all of them. */
export interface Redactor {
  readonly text: (text: string) => string;
  readonly headers: (
    headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  ) => Record<string, string>;
}

/**
 * A redactor for the strings of one exchange or one result: each of them redacted alone looked the
 * secrets' forms up again (joining the list of secrets into a key), about half the cost of redaction.
 */
export function redactorFor(secrets: readonly string[]): Redactor {
  const forms = formsOf(secrets);
  return {
    text: (text) => cutForms(text, forms),
    headers: (headers) => redactHeadersWith(headers, forms),
  };
}
