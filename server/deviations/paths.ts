import type { Route } from "../dialects/route.ts";
import { routeFor } from "../http.ts";
import type { RequestTarget } from "../request-target.ts";
import { around, type Hook } from "./hooks.ts";

/** The overrides of the faults that serve operations at other paths or action names than the documents'. */

/**
 * Serves requests at another address instead of the documented one: a request `moved` recognises is
 * routed as its documented form would be, and a documented route `documented` names answers as an
 * unknown path.
 */
function servedInstead(
  moved: (method: string, url: RequestTarget) => RequestTarget | undefined,
  documented: (route: Route) => boolean,
): Hook {
  return around(routeFor, (next, context, router, method, url) => {
    const other = moved(method, url);
    if (other !== undefined) {
      const match = next(context, router, method, other);
      if (match.kind === "found") return match;
    }
    const match = next(context, router, method, url);
    return match.kind === "found" && documented(match.route) ? { kind: "no-path" as const } : match;
  });
}

const apiSessions = "/api/content/library/item/update-session/";
const restSessions = "/rest/com/vmware/content/library/item/update-session/";
const restFiles = "/rest/com/vmware/content/library/item/updatesession/file";
const sessionActions = [
  "updateSession.complete",
  "updateSession.cancel",
  "updateSession.fail",
  "updateSession.keepAlive",
];

/** The same target with one query parameter set. */
function withQuery(url: RequestTarget, pathname: string, name: string, value: string): RequestTarget {
  const searchParams = new URLSearchParams(url.searchParams);
  searchParams.set(name, value);
  return { pathname, searchParams };
}

export const pathHooks = {
  // Actions as sub-resources, the usual REST style: POST /api/.../update-session/{id}/complete.
  "api-actions-as-subpaths": servedInstead(
    (method, url) => {
      const [, session, action] =
        /^(\/api\/content\/library\/item\/update-session\/[^/]+)\/(complete|cancel|fail|keep-alive)$/.exec(
          url.pathname,
        ) ?? [];
      return method === "POST" && session !== undefined && action !== undefined
        ? withQuery(url, session, "action", action)
        : undefined;
    },
    (route) => route.template.startsWith(apiSessions) && sessionActions.includes(route.operationId),
  ),
  // The api layout copied into rest: /rest/.../update-session/{id}, without the id: prefix.
  "rest-session-path-without-id": servedInstead(
    (_method, url) => {
      const rest = url.pathname.startsWith(restSessions) ? url.pathname.slice(restSessions.length) : "";
      return rest === "" || rest.startsWith("id:")
        ? undefined
        : { pathname: `${restSessions}id:${rest}`, searchParams: url.searchParams };
    },
    (route) => route.template.startsWith(`${restSessions}id:{update_session_id}`),
  ),
  // The file service under the session's own spelling, update-session/file, not updatesession/file.
  "file-service-path-hyphenated": servedInstead(
    (_method, url) => {
      const hyphenated = `${restSessions}file`;
      return url.pathname === hyphenated || url.pathname.startsWith(`${hyphenated}/`)
        ? { pathname: restFiles + url.pathname.slice(hyphenated.length), searchParams: url.searchParams }
        : undefined;
    },
    (route) => route.template.startsWith(restFiles),
  ),
  // The operation's own name, keep_alive, as the action in both dialects, instead of keep-alive.
  "keep-alive-underscore": servedInstead(
    (_method, url) => {
      const name = url.pathname.startsWith("/rest/") ? "~action" : "action";
      return url.searchParams.get(name) === "keep_alive"
        ? withQuery(url, url.pathname, name, "keep-alive")
        : undefined;
    },
    (route) => route.action === "keep-alive",
  ),
} as const;
