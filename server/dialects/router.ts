import type { RequestTarget } from "../request-target.ts";
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

let lastEncoded = "";
let lastDecoded: string | undefined = "";

/**
 * Percent-decodes a path parameter; undefined when it is not valid UTF-8. Remembers the last one: the
 * routes that share a path decode the same id one after another.
 */
function decodeSegment(text: string): string | undefined {
  // Most segments hold no escapes; decodeURIComponent would return them unchanged.
  if (!text.includes("%")) return text;
  if (text !== lastEncoded) {
    try {
      lastDecoded = decodeURIComponent(text);
    } catch {
      lastDecoded = undefined;
    }
    lastEncoded = text;
  }
  return lastDecoded;
}

/** Whether a path's segments fit a template: literals equal, prefixes there, parameters decodable and non-empty. */
function fits(compiled: CompiledRoute, parts: string[]): boolean {
  const { segments } = compiled;
  // Literals first: they reject most routes without decoding anything.
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] as Segment;
    const part = parts[index] ?? "";
    if ("literal" in segment ? part !== segment.literal : !part.startsWith(segment.prefix)) return false;
  }
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] as Segment;
    if ("literal" in segment) continue;
    const value = decodeSegment((parts[index] ?? "").slice(segment.prefix.length));
    if (value === undefined || value.length === 0) return false;
  }
  return true;
}

/** The decoded parameters of a path that fits the template. */
function parametersOf(compiled: CompiledRoute, parts: string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  compiled.segments.forEach((segment, index) => {
    if ("literal" in segment) return;
    parameters[segment.parameter] = decodeSegment((parts[index] ?? "").slice(segment.prefix.length)) ?? "";
  });
  return parameters;
}

/** Finds the route of a request within one dialect, telling unknown paths, methods and actions apart. */
export class Router {
  readonly #dialect: Dialect;
  /**
   * The last match of each request target, by its method: clients poll the same few targets (a session's
   * get), whose parse is shared (parseRequestTarget), and each match would cost a walk of the routes.
   * Weak, so a target nobody holds any more takes its match with it.
   */
  readonly #remembered = new WeakMap<RequestTarget, { method: string; match: RouteMatch }>();
  /** Routes by their number of segments, the one thing every candidate of a path shares. */
  readonly #routesByLength = new Map<number, CompiledRoute[]>();

  constructor(dialect: Dialect) {
    this.#dialect = dialect;
    for (const compiled of dialect.routes.map(compile)) {
      const length = compiled.segments.length;
      this.#routesByLength.set(length, [...(this.#routesByLength.get(length) ?? []), compiled]);
    }
  }

  /**
   * The route of a request. A result only depends on the method, the path and the action, and is never
   * changed by its users (its parameters are frozen), so a repeated request gets the one worked out before.
   */
  match(method: string, target: RequestTarget): RouteMatch {
    const remembered = this.#remembered.get(target);
    if (remembered?.method === method) return remembered.match;
    const action = target.searchParams.get(this.#dialect.actionParameter) ?? undefined;
    const match = this.#match(method, target.pathname, action);
    this.#remembered.set(target, { method, match });
    return match;
  }

  #match(method: string, pathname: string, action: string | undefined): RouteMatch {
    const parts = pathname.split("/").slice(1);
    let best = "";
    let candidates: CompiledRoute[] = [];
    for (const compiled of this.#routesByLength.get(parts.length) ?? []) {
      if (compiled.key < best || !fits(compiled, parts)) continue;
      if (compiled.key > best) {
        best = compiled.key;
        candidates = [];
      }
      candidates.push(compiled);
    }
    if (candidates.length === 0) return { kind: "no-path" };
    const sameMethod = candidates.filter((candidate) => candidate.route.method === method);
    if (sameMethod.length === 0) {
      return {
        kind: "no-method",
        allow: [...new Set(candidates.map((candidate) => candidate.route.method))].sort(),
      };
    }
    const chosen = sameMethod.find((candidate) => candidate.route.action === action);
    if (chosen === undefined) return { kind: "no-action", action };
    return { kind: "found", route: chosen.route, pathParameters: Object.freeze(parametersOf(chosen, parts)) };
  }
}
