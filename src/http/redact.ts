/**
 * Redaction happens before anything is stored in an Exchange, so no report, log or transcript can leak a
 * credential: sensitive headers lose their values, and every known secret is cut out of URLs and bodies.
 */
export const redactedMark = "<redacted>";

/** Headers whose values are credentials, whatever they contain. */
export const sensitiveHeaders: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "vmware-api-session-id",
  "cookie",
  "set-cookie",
]);

/** The forms a secret takes on the wire: as is, percent-encoded in a URL, escaped inside a JSON string. */
function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  return [...forms];
}

/**
 * Secrets shorter than this are not cut out of free text: replacing every "p" would shred URLs and messages
 * while hiding nothing (the reporters apply the same floor). Header values are masked whatever their length.
 */
export const minimumRedactedLength = 4;

/** Replaces every occurrence of every secret (in any of its wire forms) by `<redacted>`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const form of formsOf(secrets)) {
    if (result.includes(form)) result = result.split(form).join(redactedMark);
  }
  return result;
}

/**
 * The forms to cut, longest first (a secret that contains another is cut out whole). Remembered for the
 * last few secret lists: a run redacts thousands of strings with the same handful of secrets.
 */
const formsCache = new Map<string, string[]>();
function formsOf(secrets: readonly string[]): string[] {
  const key = secrets.join("\u0000");
  let forms = formsCache.get(key);
  if (forms === undefined) {
    forms = secrets
      .filter((secret) => secret.length >= minimumRedactedLength)
      .flatMap(secretForms)
      .sort((a, b) => b.length - a.length);
    if (formsCache.size >= 64) formsCache.clear();
    formsCache.set(key, forms);
  }
  return forms;
}

/**
 * Header names lower-cased; values of credential headers replaced (an authorization scheme such as `Basic`
 * is kept: it says how to reproduce the request and is not secret); secrets cut out of every other value.
 */
export function redactHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(headers)) {
    if (rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    const value = typeof rawValue === "string" ? rawValue : rawValue.join(", ");
    if (!sensitiveHeaders.has(name)) {
      result[name] = redactText(value, secrets);
      continue;
    }
    const scheme = /^(Basic|Bearer|Negotiate|Digest|SIGN)\s/i.exec(value)?.[1];
    result[name] = scheme === undefined ? redactedMark : `${scheme} ${redactedMark}`;
  }
  return result;
}
