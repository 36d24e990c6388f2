/**
 * Small text helpers shared by the reporters: making target-supplied text safe to print, shortening it,
 * and formatting durations. Everything here is pure.
 */

const replacementCharacter = "\uFFFD";

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Replaces every UTF-16 unit for which `keep(codePoint)` is false, and every lone surrogate, by U+FFFD.
 * A replacement rather than a deletion: a control character in a response body is evidence a reader
 * should see was there.
 */
function replaceCodePoints(text: string, keep: (codePoint: number) => boolean): string {
  let out = "";
  let changed = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (isHighSurrogate(code)) {
      const next = text.charCodeAt(i + 1);
      if (isLowSurrogate(next)) {
        out += text.slice(i, i + 2);
        i += 1;
        continue;
      }
      out += replacementCharacter;
      changed = true;
      continue;
    }
    if (isLowSurrogate(code) || !keep(code)) {
      out += replacementCharacter;
      changed = true;
      continue;
    }
    out += text[i];
  }
  return changed ? out : text;
}

/**
 * What each replacement does not keep, as one pattern: most text has nothing to replace, and a single
 * regular-expression scan that says so costs a fraction of the walk unit by unit (a run's reports pass
 * every transcript through here). With the `u` flag a lone surrogate is one unmatched code point.
 */
const illegalXml = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const controlCharacter = /[^\t\n\x20-\x7E\u00A0-\uD7FF\uE000-\uFFFF\u{10000}-\u{10FFFF}]/u;

/** XML 1.0 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
export function replaceIllegalXmlCharacters(text: string): string {
  if (!illegalXml.test(text)) return text;
  return replaceCodePoints(
    text,
    (code) => code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xfffd),
  );
}

/**
 * For terminals and Markdown: keeps tab and newline, replaces every other C0/C1 control character (and a
 * lone CR) so a hostile or broken target cannot move the cursor, recolour the terminal or hide text.
 */
export function replaceControlCharacters(text: string): string {
  const lines = text.replace(/\r\n/g, "\n");
  if (!controlCharacter.test(lines)) return lines;
  return replaceCodePoints(
    lines,
    (code) => code === 0x9 || code === 0xa || (code >= 0x20 && code < 0x7f) || code > 0x9f,
  );
}

/** Collapses all whitespace runs (newlines included) to one space: for one-line reasons and table cells. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The default limit for bodies in human-facing reports; the JSON results keep them whole. */
export const bodyLimitBytes = 4096;

/**
 * Shortens `text` to at most `limitBytes` UTF-8 bytes (never splitting a character) and says how much
 * was left out and where to find the whole.
 */
export function truncateBody(text: string, limitBytes: number = bodyLimitBytes): string {
  const totalBytes = Buffer.byteLength(text, "utf8");
  if (totalBytes <= limitBytes) return text;
  let kept = 0;
  let end = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character, "utf8");
    if (kept + size > limitBytes) break;
    kept += size;
    end += character.length;
  }
  return `${text.slice(0, end)}\n[truncated: showing ${kept} of ${totalBytes} bytes; the JSON results hold the whole body]`;
}

/** Milliseconds as JUnit seconds: non-negative, three decimals. */
export function secondsOf(durationMs: number): string {
  return (Number.isFinite(durationMs) && durationMs > 0 ? durationMs / 1000 : 0).toFixed(3);
}

/** Milliseconds for humans: `850 ms`, `12.3 s`. */
export function humanDuration(durationMs: number): string {
  const ms = Number.isFinite(durationMs) && durationMs > 0 ? durationMs : 0;
  return Math.round(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Wall-clock length of the run from its timestamps, or undefined when they are missing or reversed. */
export function runDurationMs(startedAt: string, finishedAt: string): number | undefined {
  const duration = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isFinite(duration) && duration >= 0 ? duration : undefined;
}
