import { catalogues } from "../../suites/catalogue.ts";

/** Every check of every suite with its level and requirement ids, one per line, for `usc run --list`. */
export function listChecks(): string {
  const rows = catalogues.flatMap((catalogue) =>
    catalogue.checks.map((check) => ({ suite: catalogue.suite, ...check })),
  );
  const idWidth = Math.max(...rows.map((row) => row.id.length));
  const lines = rows.map(
    (row) =>
      `${row.id.padEnd(idWidth)}  ${row.level.padEnd(6)}  ${row.title}\n${" ".repeat(idWidth + 10)}requirements: ${row.requirements.join(", ")}`,
  );
  const suites = catalogues.length;
  lines.push("", `${rows.length} checks in ${suites} suites; each runs once per dialect.`);
  return lines.join("\n");
}
