import { readFileSync } from "node:fs";

/**
 * The package version, read from package.json so it can never drift from what npm publishes. The file is two
 * directories up from source (src/config) and three from the build (dist/src/config), so the nearest one up wins.
 */
export function packageVersion(): string {
  for (const relative of ["../../package.json", "../../../package.json"]) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8"));
    } catch {
      continue;
    }
    if (typeof raw === "object" && raw !== null && "version" in raw && typeof raw.version === "string") {
      return raw.version;
    }
  }
  return "0.0.0";
}
