/**
 * A check's evidence as plain text: the request its verdict rests on, the expected/actual/quote/curl
 * block every failure message carries, and its transcript in a `curl -v`-like layout.
 */
import type { CheckResult, Exchange } from "../src/results/model.ts";
import { bodyLimitBytes, humanDuration, truncateBody } from "./text.ts";

/** The path and query of a URL, as written (no re-encoding, so the reader sees what was sent). */
export function pathOf(url: string): string {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  return path === "" ? "/" : path;
}

/**
 * The exchange the verdict rests on. The model does not mark it, so: the last exchange whose URL the
 * check's curl line reproduces, else the last exchange (checks set up first and assert last).
 */
export function verdictExchange(check: CheckResult): Exchange | undefined {
  const curl = check.curl;
  const reproduced =
    curl === undefined
      ? undefined
      : check.transcript.findLast((exchange) => curl.includes(exchange.request.url));
  return reproduced ?? check.transcript.at(-1);
}

/** `POST /api/content/library/item/update-session`, or a note when the check made no request. */
export function requestLine(check: CheckResult): string {
  const exchange = verdictExchange(check);
  return exchange === undefined
    ? "(no request recorded)"
    : `${exchange.request.method.toUpperCase()} ${pathOf(exchange.request.url)}`;
}

/** `rest`, `MUST`, `requirements: a, b`: where a check sits, in one parenthesis. */
export function checkContext(check: CheckResult): string {
  const requirements = check.requirements.length > 0 ? check.requirements.join(", ") : "none listed";
  return `${check.suite}, ${check.dialect}, ${check.level}; requirements: ${requirements}`;
}

/**
 * The failure-message block of design §5: the check, the request (method + path), what was expected
 * with the documents' quote, what came back, and the curl that reproduces it.
 */
export function evidenceLines(check: CheckResult): string[] {
  const lines = [`Check: ${check.id} (${checkContext(check)})`, `Request: ${requestLine(check)}`];
  if (check.expected !== undefined) lines.push(`Expected: ${check.expected}`);
  if (check.quote !== undefined) lines.push(`Documents say: "${check.quote}"`);
  if (check.actual !== undefined) lines.push(`Actual: ${check.actual}`);
  if (check.curl !== undefined) lines.push("Reproduce:", `  ${check.curl}`);
  return lines;
}

function headerLines(prefix: string, headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => `${prefix} ${name}: ${value}`);
}

function bodyLines(body: string | undefined, limitBytes: number): string[] {
  return body === undefined || body === "" ? [] : ["", truncateBody(body, limitBytes)];
}

/** One exchange: request line, headers and body, then status, headers and body (or why none came). */
export function exchangeText(
  exchange: Exchange,
  position: { index: number; total: number },
  limitBytes: number = bodyLimitBytes,
): string {
  const operation = exchange.operationId === undefined ? "" : ` ${exchange.operationId}`;
  const lines = [
    `--- exchange ${position.index + 1} of ${position.total}${operation} (${humanDuration(exchange.durationMs)}) ---`,
    `> ${exchange.request.method.toUpperCase()} ${exchange.request.url}`,
    ...headerLines(">", exchange.request.headers),
    ...bodyLines(exchange.request.body, limitBytes),
  ];
  const response = exchange.response;
  if (response === undefined) {
    lines.push(`< (no response: ${exchange.networkError ?? "no reason recorded"})`);
  } else {
    lines.push(
      `< ${response.status}`,
      ...headerLines("<", response.headers),
      ...bodyLines(response.body, limitBytes),
    );
  }
  return lines.join("\n");
}

/** The whole transcript, exchanges separated by blank lines; bodies over the limit are shortened. */
export function transcriptText(transcript: readonly Exchange[], limitBytes: number = bodyLimitBytes): string {
  if (transcript.length === 0) return "(no exchanges recorded)";
  return transcript
    .map((exchange, index) => exchangeText(exchange, { index, total: transcript.length }, limitBytes))
    .join("\n\n");
}
