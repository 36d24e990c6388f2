/**
 * Prints the project's import picture: the arrows between layers (layers.config.js), the ones that run
 * against the table (a layer importing one it may not), cycles between files and between layers, and the
 * largest files. Numbers for a reader, and for the closing note of a layering change; the lint rule
 * (eslint.config.js) is what enforces the table.
 *
 *   npx tsx scripts/import-picture.ts          # the picture
 *   npx tsx scripts/import-picture.ts --json   # the same as JSON
 */
import { measureImports } from "./support/import-graph.ts";

const root = new URL("..", import.meta.url).pathname;
const { files, lines, layerArrows, backArrows, fileCycles, layerCycles, largest } = measureImports(root);

if (process.argv.includes("--json")) {
  const picture = {
    files,
    lines,
    layerArrows: Object.fromEntries(layerArrows),
    backArrows,
    fileCycles,
    layerCycles,
    largest,
  };
  process.stdout.write(`${JSON.stringify(picture, null, 2)}\n`);
} else {
  const out: string[] = [`${files} files, ${lines} lines`, "", "Arrows between layers (imports):"];
  for (const [arrow, count] of layerArrows) out.push(`  ${String(count).padStart(3)}  ${arrow}`);
  out.push("", `Arrows against layers.config.js: ${backArrows.length}`);
  for (const arrow of backArrows) out.push(`  ${arrow}`);
  out.push("", `Import cycles between files: ${fileCycles.length}`);
  for (const group of fileCycles) out.push(`  ${group.join(" -> ")}`);
  out.push("", `Cycles between layers: ${layerCycles.length}`);
  for (const group of layerCycles) out.push(`  ${group.join(" <-> ")}`);
  out.push("", "Largest files (lines):");
  for (const { file, lines: n } of largest) out.push(`  ${String(n).padStart(5)}  ${file}`);
  process.stdout.write(`${out.join("\n")}\n`);
}
