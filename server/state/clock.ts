/**
 * Milliseconds since the epoch: where the server reads the time (idle expiry, expiration_time, the Date
 * header). Injectable so idle expiry can be tested to the millisecond, and watched, without waiting.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: Date.now };

let lastEpochMs = Number.NaN;
let lastText = "";

/** The vAPI runtime's date-time layout: UTC, millisecond precision, literal Z (`2015-01-01T22:13:05.651Z`). */
export function formatDateTime(epochMs: number): string {
  // Repeated gets of one session format the same instant; remembering the last one saves a Date per request.
  if (epochMs !== lastEpochMs) {
    lastText = new Date(epochMs).toISOString();
    lastEpochMs = epochMs;
  }
  return lastText;
}

let lastHttpSecond = Number.NaN;
let lastHttpText = "";

/** The Date header's form (RFC 9110 IMF-fixdate) of an instant; it has second resolution, so one per second. */
export function formatHttpDate(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== lastHttpSecond) {
    lastHttpText = new Date(second * 1000).toUTCString();
    lastHttpSecond = second;
  }
  return lastHttpText;
}
