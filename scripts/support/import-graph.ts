import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import ts from "typescript";
import { layers, type Layer } from "../../layers.config.js";

/** What scripts/import-picture.ts prints and test/import-picture.test.ts holds to zero. */
export interface ImportPicture {
  files: number;
  lines: number;
  /** `from -> to` between layers (`<folder> (free)` for files outside every layer), with import counts. */
  layerArrows: Map<string, number>;
  /** `importer -> imported` for every import a layer may not make (static or dynamic). */
  backArrows: string[];
  /** Groups of files that import each other, directly or round about. */
  fileCycles: string[][];
  layerCycles: string[][];
  /** The ten largest hand-written files. */
  largest: { file: string; lines: number }[];
}

/** Reads every tracked (or new, not ignored) source file under `root` and measures its imports. */
export function measureImports(root: string): ImportPicture {
  const files = execFileSync(
    "git",
    ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.js", "*.mjs"],
    { cwd: root, encoding: "utf8" },
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

  const layerEdges = new Map<string, Set<string>>();
  for (const arrow of layerArrows.keys()) {
    const [from = "", to = ""] = arrow.split(" -> ");
    if (!layerEdges.has(from)) layerEdges.set(from, new Set());
    layerEdges.get(from)?.add(to);
  }
  return {
    files: lines.size,
    lines: [...lines.values()].reduce((sum, n) => sum + n, 0),
    layerArrows: new Map([...layerArrows].sort()),
    backArrows,
    fileCycles: stronglyConnected(edges).filter((group) => group.length > 1),
    layerCycles: stronglyConnected(layerEdges).filter((group) => group.length > 1),
    // Generated code (ajv's validators) is not a room anyone reads or edits.
    largest: [...lines]
      .filter(([file]) => !file.startsWith("spec/generated/"))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([file, n]) => ({ file, lines: n })),
  };
}

/** The layer a project-relative file belongs to: the most specific layer path that holds it. */
export function layerOf(file: string, layers: readonly Layer[]): Layer | undefined {
  let best: Layer | undefined;
  for (const layer of layers) {
    const holds = file === layer.path || file.startsWith(`${layer.path}/`);
    if (holds && (best === undefined || layer.path.length > best.path.length)) best = layer;
  }
  return best;
}

/**
 * Tarjan's strongly connected components of a directed graph: every group of nodes that reach each
 * other. A group of more than one node is an import cycle.
 */
export function stronglyConnected(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      groups.push(group.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return groups;
}
