import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * Debian's headless Chromium, for tests of what a browser shows. `.ci/run` installs it and sets
 * USC_REQUIRE_BROWSER=1, so CI fails when it is missing; elsewhere (a fresh clone without the package) the
 * browser tests are skipped with the reason instead of failing `npm test`.
 */
export function findChromium(): string | undefined {
  const override = process.env.USC_CHROMIUM;
  if (override !== undefined && override !== "") return override;
  for (const dir of (process.env.PATH ?? "").split(delimiter))
    for (const name of ["chromium", "chromium-browser", "google-chrome"])
      if (dir !== "" && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

export const browserRequired = process.env.USC_REQUIRE_BROWSER === "1";

const baseFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

function chromium(binary: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      [...baseFlags, ...args],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) =>
        error === null ? resolve(stdout) : reject(new Error(`chromium failed: ${error.message}`)),
    );
  });
}

/** The DOM after the page's scripts ran. */
export function dumpDom(binary: string, url: string, options: { scripts?: boolean } = {}): Promise<string> {
  const scripts = options.scripts ?? true;
  return chromium(
    binary,
    [
      ...(scripts ? [] : ["--blink-settings=scriptEnabled=false"]),
      "--virtual-time-budget=2000",
      "--dump-dom",
      url,
    ],
    60_000,
  );
}

export function screenshot(binary: string, url: string, path: string, size = "1200,1400"): Promise<string> {
  return chromium(
    binary,
    [`--screenshot=${path}`, `--window-size=${size}`, "--hide-scrollbars", url],
    60_000,
  );
}
