/**
 * The parts of a request target the server routes on. Shared by every request with the same target (see
 * parseRequestTarget): never changed, searchParams included (a fault that moves a query copies it).
 */
export interface RequestTarget {
  /** The path as the WHATWG URL parser gives it: still percent-encoded, dot segments resolved. */
  pathname: string;
  searchParams: URLSearchParams;
}

/**
 * A path the URL parser leaves exactly as sent: it starts with one `/` (two would name a host), holds only
 * characters it does not escape, and has no segment that starts with a dot (or `%2e`), which it might
 * resolve as `.` or `..`.
 */
const plainPath = /^\/(?!\/)[A-Za-z0-9\-_~!$&'()*+,;=:@%/.]*$/;
const dotSegment = /\/(?:\.|%2e)/i;
/**
 * A query URLSearchParams reads as the URL parser would: printable ASCII without `#` (a fragment would
 * start there), not starting with `?` (URLSearchParams would drop it).
 */
const plainQuery = /^(?!\?)[\x21-\x22\x24-\x7e]*$/;

const base = "http://reference.invalid";

/** Targets parsed lately: clients repeat the same few (a session's get), each costing regexes and a parse. */
const remembered = new Map<string, RequestTarget | undefined>();
const maxRemembered = 512;
/** Longer targets are parsed afresh each time, so the memory stays small whatever clients send. */
const maxRememberedLength = 256;

/**
 * Splits a request target into path and query, as the WHATWG URL parser would. Undefined when the target
 * is not a URL path at all. The answer for a target is always the same, so a repeated one is remembered.
 */
export function parseRequestTarget(target: string): RequestTarget | undefined {
  if (target.length > maxRememberedLength) return parse(target);
  let parsed = remembered.get(target);
  if (parsed === undefined && !remembered.has(target)) {
    parsed = parse(target);
    if (remembered.size >= maxRemembered) remembered.clear();
    remembered.set(target, parsed);
  }
  return parsed;
}

/**
 * Most targets are plain, and slicing them gives what the URL parser would at a fraction of its cost;
 * anything else goes through the parser.
 */
function parse(target: string): RequestTarget | undefined {
  const question = target.indexOf("?");
  const path = question === -1 ? target : target.slice(0, question);
  const query = question === -1 ? "" : target.slice(question + 1);
  if (plainPath.test(path) && !dotSegment.test(path) && plainQuery.test(query)) {
    return { pathname: path, searchParams: new URLSearchParams(query) };
  }
  try {
    const url = new URL(target, base);
    return { pathname: url.pathname, searchParams: url.searchParams };
  } catch {
    return undefined;
  }
}
