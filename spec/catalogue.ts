import { readCatalogueData } from "./catalogue-data.ts";
import { isDialect, type Dialect } from "./dialect.ts";

export type Level = "MUST" | "SHOULD" | "MAY";

/** One normative statement of the documents, as spec/requirements.yaml records it. */
export interface Requirement {
  id: string;
  level: Level;
  statement: string;
  quote: string;
  /** Seed file names (`seed:...`) or public URLs a reader can check the quote against. */
  sources: string[];
  operations: string[];
  dialects: Dialect[];
  errata: string[];
  /** Why no check tests this requirement, when none does. */
  excluded: string | undefined;
}

/** One contradiction between the documents and the ruling the suite applies, as spec/errata.yaml records it. */
export interface Erratum {
  id: string;
  topic: string;
  sides: Array<{ says: string; sources: string[] }>;
  ruling: string;
  appliesTo: string[];
  kind: string;
}

type Raw = Record<string, unknown>;

function text(entry: Raw, key: string, where: string): string {
  const value = entry[key];
  if (typeof value !== "string" || value.trim() === "")
    throw new Error(`${where}: '${key}' must be a non-empty string`);
  return value;
}

function strings(entry: Raw, key: string, where: string): string[] {
  const value = entry[key] ?? [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new Error(`${where}: '${key}' must be a list of strings`);
  }
  return value;
}

function entries(document: unknown, key: string, file: string): Raw[] {
  const list = typeof document === "object" && document !== null ? (document as Raw)[key] : undefined;
  if (!Array.isArray(list)) throw new Error(`spec/${file}: expected a top-level '${key}' list`);
  return list.map((item, i) => {
    if (typeof item !== "object" || item === null)
      throw new Error(`spec/${file}: entry ${i} is not a mapping`);
    return item as Raw;
  });
}

let requirementsCache: Requirement[] | undefined;

/** The requirements catalogue; a structural mistake in the file is an error naming the entry. */
export function loadRequirements(): Requirement[] {
  requirementsCache ??= entries(readCatalogueData("requirements"), "requirements", "requirements.yaml").map(
    (entry, i) => {
      const where = `spec/requirements.yaml entry ${i} (${String(entry["id"])})`;
      const level = text(entry, "level", where);
      if (level !== "MUST" && level !== "SHOULD" && level !== "MAY")
        throw new Error(`${where}: level '${level}'`);
      const sources =
        entry["sources"] !== undefined ? strings(entry, "sources", where) : [text(entry, "source", where)];
      const dialects = strings(entry, "dialects", where);
      if (!dialects.every(isDialect)) throw new Error(`${where}: unknown dialect in ${dialects.join(", ")}`);
      const excluded = entry["excluded"];
      return {
        id: text(entry, "id", where),
        level,
        statement: text(entry, "statement", where),
        quote: text(entry, "quote", where),
        sources,
        operations: strings(entry, "operations", where),
        dialects: dialects.length > 0 ? dialects : ["rest", "api"],
        errata: strings(entry, "errata", where),
        excluded: typeof excluded === "string" ? excluded : undefined,
      };
    },
  );
  return requirementsCache;
}

let errataCache: Erratum[] | undefined;

/** The errata: contradictions between the documents and the rulings applied. */
export function loadErrata(): Erratum[] {
  errataCache ??= entries(readCatalogueData("errata"), "errata", "errata.yaml").map((entry, i) => {
    const where = `spec/errata.yaml entry ${i} (${String(entry["id"])})`;
    const sides = entry["sides"];
    if (!Array.isArray(sides) || sides.length === 0)
      throw new Error(`${where}: 'sides' must be a non-empty list`);
    return {
      id: text(entry, "id", where),
      topic: text(entry, "topic", where),
      sides: sides.map((side: Raw, j) => ({
        says: text(side, "says", `${where} side ${j}`),
        sources: strings(side, "sources", `${where} side ${j}`),
      })),
      ruling: text(entry, "ruling", where),
      appliesTo: strings(entry, "applies_to", where),
      kind: text(entry, "kind", where),
    };
  });
  return errataCache;
}
