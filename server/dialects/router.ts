import type { Dialect, Route } from "./route.ts";

type Segment = { literal: string } | { parameter: string; prefix: string };

interface CompiledRoute {
  route: Route;
  segments: Segment[];
}

export type RouteMatch =
  | { kind: "found"; route: Route; pathParameters: Record<string, string> }
  /** No route has this path. */
  | { kind: "no-path" }
  /** The path exists, but not for this method. */
  | { kind: "no-method"; allow: string[] }
  /** Path and method exist, but not with this action (or without one). */
  | { kind: "no-action"; action: string | undefined };

function compile(route: Route): CompiledRoute {
  const segments = route.template
    .split("/")
    .slice(1)
    .map((part): Segment => {
      const match = /^(.*)\{([^}]+)\}$/.exec(part);
      return match === null ? { literal: part } : { prefix: match[1] ?? "", parameter: match[2] ?? "" };
    });
  return { route, segments };
}

function decodeSegment(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Binds a path to a template. Returns the parameters and a specificity key (one character per segment,
 * literal before parameter) so `/item/update-session` prefers the literal route over `/item/{id}`.
 */
function bind(
  compiled: CompiledRoute,
  parts: string[],
): { parameters: Record<string, string>; key: string } | undefined {
  if (parts.length !== compiled.segments.length) return undefined;
  const parameters: Record<string, string> = {};
  let key = "";
  for (const [index, segment] of compiled.segments.entries()) {
    const part = parts[index] ?? "";
    if ("literal" in segment) {
      if (part !== segment.literal) return undefined;
      key += "1";
      continue;
    }
    if (!part.startsWith(segment.prefix)) return undefined;
    const value = decodeSegment(part.slice(segment.prefix.length));
    if (value === undefined || value.length === 0) return undefined;
    parameters[segment.parameter] = value;
    key += "0";
  }
  return { parameters, key };
}

/** Finds the route of a request within one dialect, telling unknown paths, methods and actions apart. */
export class Router {
  readonly #dialect: Dialect;
  readonly #routes: CompiledRoute[];

  constructor(dialect: Dialect) {
    this.#dialect = dialect;
    this.#routes = dialect.routes.map(compile);
  }

  match(method: string, pathname: string, query: URLSearchParams): RouteMatch {
    const parts = pathname.split("/").slice(1);
    let best = "";
    let candidates: Array<{ route: Route; parameters: Record<string, string> }> = [];
    for (const compiled of this.#routes) {
      const bound = bind(compiled, parts);
      if (bound === undefined || bound.key < best) continue;
      if (bound.key > best) {
        best = bound.key;
        candidates = [];
      }
      candidates.push({ route: compiled.route, parameters: bound.parameters });
    }
    if (candidates.length === 0) return { kind: "no-path" };
    const sameMethod = candidates.filter((candidate) => candidate.route.method === method);
    if (sameMethod.length === 0) {
      return {
        kind: "no-method",
        allow: [...new Set(candidates.map((candidate) => candidate.route.method))].sort(),
      };
    }
    const action = query.get(this.#dialect.actionParameter) ?? undefined;
    const chosen = sameMethod.find((candidate) => candidate.route.action === action);
    if (chosen === undefined) return { kind: "no-action", action };
    return { kind: "found", route: chosen.route, pathParameters: chosen.parameters };
  }
}
