/** Milliseconds since the epoch. Injectable so idle expiry can be tested to the millisecond without waiting. */
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
