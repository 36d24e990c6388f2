/** Finding and reading pact files: `--pact FILE|DIR`, and which dialect each pact's requests speak. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Dialect } from "../../spec/index.ts";

export interface PactFile {
  path: string;
  consumer: string;
  provider: string;
  specification: string | undefined;
  /** The dialect every request path belongs to, or undefined when they are not all one dialect's. */
  dialect: Dialect | undefined;
  descriptions: string[];
}

export class PactFileError extends Error {}

interface RawPact {
  consumer?: { name?: unknown };
  provider?: { name?: unknown };
  metadata?: { pactSpecification?: { version?: unknown } };
  interactions?: Array<{ description?: unknown; request?: { path?: unknown } }>;
}

function dialectOfPath(path: unknown): Dialect | undefined {
  if (typeof path !== "string") return undefined;
  if (path.startsWith("/rest/")) return "rest";
  if (path.startsWith("/api/")) return "api";
  return undefined;
}

export function readPactFile(path: string): PactFile {
  let raw: RawPact;
  try {
    raw = JSON.parse(readFileSync(path, "utf8")) as RawPact;
  } catch (error) {
    throw new PactFileError(
      `${path} is not a JSON file: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const consumer = raw.consumer?.name;
  const provider = raw.provider?.name;
  if (typeof consumer !== "string" || typeof provider !== "string" || !Array.isArray(raw.interactions)) {
    throw new PactFileError(`${path} is not a pact (no consumer, provider and interactions)`);
  }
  const dialects = new Set(raw.interactions.map((interaction) => dialectOfPath(interaction.request?.path)));
  const [only] = dialects;
  const version = raw.metadata?.pactSpecification?.version;
  return {
    path,
    consumer,
    provider,
    specification: typeof version === "string" ? version : undefined,
    dialect: dialects.size === 1 ? only : undefined,
    descriptions: raw.interactions.map((interaction) => String(interaction.description)),
  };
}

/** Each argument is a pact file, or a directory whose `*.json` pacts are all taken (not recursively). */
export function findPactFiles(paths: readonly string[], cwd: string): PactFile[] {
  const found: PactFile[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new PactFileError(`--pact ${given}: no such file or directory`);
    }
    if (!isDirectory) {
      found.push(readPactFile(path));
      continue;
    }
    const names = readdirSync(path)
      .filter((name) => name.endsWith(".json"))
      .sort();
    const pacts = names.flatMap((name) => {
      try {
        return [readPactFile(join(path, name))];
      } catch {
        // Other JSON files may live beside the pacts; only pacts are taken from a directory.
        return [];
      }
    });
    if (pacts.length === 0) throw new PactFileError(`--pact ${given}: the directory holds no pact files`);
    found.push(...pacts);
  }
  return found;
}
