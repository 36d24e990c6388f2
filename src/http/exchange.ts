/**
 * One HTTP request and its response as the check saw them, secrets already redacted: what the
 * transport records, and the shape of every transcript entry in checks and reports.
 */
export interface Exchange {
  operationId: string | undefined;
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string | undefined;
  };
  /** Absent when no response came (timeout, refused connection). */
  response:
    | {
        status: number;
        headers: Record<string, string>;
        body: string;
      }
    | undefined;
  /** Why no response came, in words. */
  networkError: string | undefined;
  durationMs: number;
}
