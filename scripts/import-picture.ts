/**
 * Prints the project's import picture: the arrows between layers (layers.config.js), the ones that run
 * against the table (a layer importing one it may not), cycles between files and between layers, and the
 * largest files. Numbers for a reader, and for the closing note of a layering change; the lint rule
 * (eslint.config.js) is what enforces the table.
 *
 *   npx tsx scripts/import-picture.ts          # the picture
 *   npx tsx scripts/import-picture.ts --json   # the same as JSON
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import ts from "typescript";
import { layers } from "../layers.config.js";
import { layerOf, stronglyConnected } from "./support/import-graph.ts";

const root = new URL("..", import.meta.url).pathname;
const files = execFileSync(
  "git",
  ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.js", "*.mjs"],
  {
    cwd: root,
    encoding: "utf8",
  },
)
  .split("\n")
  .filter((file) => file !== "" && !file.startsWith("dist/"));

const edges = new Map<string, Set<string>>();
const lines = new Map<string, number>();
const layerArrows = new Map<string, number>();
const backArrows: string[] = [];
for (const file of files) {
  let text: string;
  try {
    text = readFileSync(join(root, file), "utf8");
  } catch {
    continue; // listed by git but deleted in the working tree
  }
  lines.set(file, text.split("\n").length);
  const targets = new Set<string>();
  for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
    if (!ref.fileName.startsWith(".")) continue; // packages and node: built-ins are not layers
    const target = normalize(join(dirname(file), ref.fileName));
    targets.add(target);
    const from = layerOf(file, layers);
    const to = layerOf(target, layers);
    if (from === to || to === undefined) continue;
    const arrow = `${from?.path ?? `${file.split("/")[0] ?? file} (free)`} -> ${to.path}`;
    layerArrows.set(arrow, (layerArrows.get(arrow) ?? 0) + 1);
    if (from !== undefined && !from.imports.includes(to.path)) backArrows.push(`${file} -> ${target}`);
  }
  edges.set(file, targets);
}

const fileCycles = stronglyConnected(edges).filter((group) => group.length > 1);
const layerEdges = new Map<string, Set<string>>();
for (const arrow of layerArrows.keys()) {
  const [from = "", to = ""] = arrow.split(" -> ");
  if (!layerEdges.has(from)) layerEdges.set(from, new Set());
  layerEdges.get(from)?.add(to);
}
const layerCycles = stronglyConnected(layerEdges).filter((group) => group.length > 1);
// Generated code (ajv's validators) is not a room anyone reads or edits.
const largest = [...lines]
  .filter(([file]) => !file.startsWith("spec/generated/"))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 10);
const total = [...lines.values()].reduce((sum, n) => sum + n, 0);

if (process.argv.includes("--json")) {
  const picture = {
    files: lines.size,
    lines: total,
    layerArrows: Object.fromEntries([...layerArrows].sort()),
    backArrows,
    fileCycles,
    layerCycles,
    largest: largest.map(([file, n]) => ({ file, lines: n })),
  };
  process.stdout.write(`${JSON.stringify(picture, null, 2)}\n`);
} else {
  const out: string[] = [`${lines.size} files, ${total} lines`, "", "Arrows between layers (imports):"];
  for (const [arrow, count] of [...layerArrows].sort()) out.push(`  ${String(count).padStart(3)}  ${arrow}`);
  out.push("", `Arrows against layers.config.js: ${backArrows.length}`);
  for (const arrow of backArrows) out.push(`  ${arrow}`);
  out.push("", `Import cycles between files: ${fileCycles.length}`);
  for (const group of fileCycles) out.push(`  ${group.join(" -> ")}`);
  out.push("", `Cycles between layers: ${layerCycles.length}`);
  for (const group of layerCycles) out.push(`  ${group.join(" <-> ")}`);
  out.push("", "Largest files (lines):");
  for (const [file, n] of largest) out.push(`  ${String(n).padStart(5)}  ${file}`);
  process.stdout.write(`${out.join("\n")}\n`);
}
