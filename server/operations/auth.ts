import { timingSafeEqual } from "node:crypto";
import type { ApiSession } from "../state/model.ts";
import type { Store } from "../state/store.ts";
import type { StateContext } from "./context.ts";
import { failure } from "./errors.ts";
import { overridable } from "./overridable.ts";

/** The error every protected operation answers when the session header is missing or names no session. */
export function unauthenticated(): Error {
  return failure(
    "unauthenticated",
    "authentication.required",
    "Authentication required: send a valid vmware-api-session-id header (log in first).",
  );
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function basicCredentials(
  authorization: string | undefined,
): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The answer to a login whose credentials are missing or wrong. */
export function loginRefused(): Error {
  return failure(
    "unauthenticated",
    "authentication.failed",
    "Authentication failed: HTTP Basic credentials are missing or wrong.",
  );
}

/** Logs in with HTTP Basic credentials and returns the new session token. */
export function login(store: Store, authorization: string | undefined): string {
  const credentials = basicCredentials(authorization);
  const user = credentials && store.users.get(credentials.username);
  if (credentials === undefined || user === undefined || !sameText(user.password, credentials.password)) {
    throw loginRefused();
  }
  const now = store.now();
  const token = store.newApiSessionToken();
  store.addApiSession({ token, username: user.username, createdAt: now, lastAccessedAt: now });
  return token;
}

/** The login session a request's token names, marked as used now; unauthenticated when there is none. */
export function authenticate(store: Store, token: string | undefined): ApiSession {
  // One reading of the clock for both the idle check and the mark: every request reads it enough already.
  const now = store.now();
  const session = token === undefined ? undefined : store.apiSession(token, now);
  if (session === undefined) throw unauthenticated();
  session.lastAccessedAt = now;
  return session;
}

/** Ends a login session: its token authenticates nothing afterwards. */
export const logout = overridable("session.logout", (context: StateContext, session: ApiSession): void => {
  context.store.removeApiSession(session.token);
});
