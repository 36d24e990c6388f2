import type { Dialect } from "../../spec/index.ts";
import type { ApiClient, ApiResponse } from "../client/api-client.ts";

/** How one dialect's login went, read so that set-up can tell a refusal from a target that is not the API. */
export type LoginOutcome =
  | { dialect: Dialect; status: "ok"; response: ApiResponse }
  /** The target answered, but not with a session token: login is documented, so this is a failing check. */
  | { dialect: Dialect; status: "refused"; response: ApiResponse; reason: string }
  /** A 2xx that is not JSON: a web server or portal, not the vSphere API (nothing to judge). */
  | { dialect: Dialect; status: "not-api"; response: ApiResponse; reason: string };

function isJson(response: ApiResponse): boolean {
  const type = response.exchange.response?.headers["content-type"] ?? "";
  return /[/+]json\b/i.test(type) || response.json !== undefined;
}

/** `POST /api/session`: the request line of the login, as the messages name it. */
export function requestLine(response: ApiResponse): string {
  const { method, url } = response.exchange.request;
  return `${method} ${new URL(url).pathname}`;
}

/** Logs the client in and classifies the answer; network failures are thrown (the target is unreachable). */
export async function logIn(client: ApiClient): Promise<LoginOutcome> {
  const response = await client.login();
  const status = response.status ?? 0;
  const dialect = client.dialect;
  if (client.loggedIn) return { dialect, status: "ok", response };
  if (status >= 200 && status < 300 && !isJson(response)) {
    const type = (response.exchange.response?.headers["content-type"] ?? "no content type").split(";")[0];
    return {
      dialect,
      status: "not-api",
      response,
      reason: `this is not the vSphere API: ${requestLine(response)} answered ${status} ${type}`,
    };
  }
  const what = status >= 200 && status < 300 ? "gave no session token" : "was refused";
  const answer = [String(response.status ?? "nothing"), response.errorType ?? ""].join(" ").trim();
  return {
    dialect,
    status: "refused",
    response,
    reason: `the ${dialect} login ${what}: ${requestLine(response)} answered ${answer}`,
  };
}
