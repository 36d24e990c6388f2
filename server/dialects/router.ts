import type { Dialect, Route } from "./route.ts";

type Segment = { literal: string } | { parameter: string; prefix: string };

interface CompiledRoute {
  route: Route;
  segments: Segment[];
  /**
   * Specificity: one character per segment, literal ("1") before parameter ("0"), so
   * `/item/update-session` prefers the literal route over `/item/{id}`. It depends on the template only.
   */
  key: string;
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
  return { route, segments, key: segments.map((segment) => ("literal" in segment ? "1" : "0")).join("") };
}

/** Percent-decoding of path parameters, once per distinct text in one match (several routes share one id). */
class SegmentDecoder {
  readonly #decoded = new Map<string, string | undefined>();

  decode(text: string): string | undefined {
    // Most segments hold no escapes; decodeURIComponent would return them unchanged.
    if (!text.includes("%")) return text;
    if (this.#decoded.has(text)) return this.#decoded.get(text);
    let value: string | undefined;
    try {
      value = decodeURIComponent(text);
    } catch {
      value = undefined;
    }
    this.#decoded.set(text, value);
    return value;
  }
}

/** Binds a path's segments to a template: the decoded parameters, or undefined when the path is not its. */
function bind(
  compiled: CompiledRoute,
  parts: string[],
  decoder: SegmentDecoder,
): Record<string, string> | undefined {
  const { segments } = compiled;
  // Literals first: they reject most routes without decoding anything.
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] as Segment;
    const part = parts[index] ?? "";
    if ("literal" in segment ? part !== segment.literal : !part.startsWith(segment.prefix)) return undefined;
  }
  const parameters: Record<string, string> = {};
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] as Segment;
    if ("literal" in segment) continue;
    const value = decoder.decode((parts[index] ?? "").slice(segment.prefix.length));
    if (value === undefined || value.length === 0) return undefined;
    parameters[segment.parameter] = value;
  }
  return parameters;
}

/** Finds the route of a request within one dialect, telling unknown paths, methods and actions apart. */
export class Router {
  readonly #dialect: Dialect;
  /** Routes by their number of segments, the one thing every candidate of a path shares. */
  readonly #routesByLength = new Map<number, CompiledRoute[]>();

  constructor(dialect: Dialect) {
    this.#dialect = dialect;
    for (const compiled of dialect.routes.map(compile)) {
      const length = compiled.segments.length;
      this.#routesByLength.set(length, [...(this.#routesByLength.get(length) ?? []), compiled]);
    }
  }

  match(method: string, pathname: string, query: URLSearchParams): RouteMatch {
    const parts = pathname.split("/").slice(1);
    const decoder = new SegmentDecoder();
    let best = "";
    let candidates: Array<{ route: Route; parameters: Record<string, string> }> = [];
    for (const compiled of this.#routesByLength.get(parts.length) ?? []) {
      if (compiled.key < best) continue;
      const parameters = bind(compiled, parts, decoder);
      if (parameters === undefined) continue;
      if (compiled.key > best) {
        best = compiled.key;
        candidates = [];
      }
      candidates.push({ route: compiled.route, parameters });
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
