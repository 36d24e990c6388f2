import type { Layer } from "../../layers.config.js";

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
