/**
 * Whether to colour one output stream. Decided per stream: progress goes to stderr and the verdict to
 * stdout, so `usc run 2>err.log` in a terminal colours stdout and keeps the log free of escape codes.
 */

export interface ColorStream {
  isTTY?: boolean | undefined;
}

/**
 * Precedence: --color/--no-color (or USC_COLOR) > NO_COLOR (any non-empty value, no-color.org) >
 * FORCE_COLOR (on unless 0 or false) > whether the stream is a terminal (and TERM is not dumb).
 */
export function useColor(stream: ColorStream, forced: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (forced !== undefined) return forced;
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  const force = env["FORCE_COLOR"];
  if (force !== undefined) return !["0", "false"].includes(force.trim().toLowerCase());
  return stream.isTTY === true && env["TERM"] !== "dumb";
}
