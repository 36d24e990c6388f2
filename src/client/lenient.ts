import type { ApiResponse } from "./api-client.ts";

/**
 * A successful result read as leniently as its intent allows: the dialect's own reading when it found one,
 * else the body itself, with or without a `{"value": ...}` wrapper, in either dialect. Set-up uses it so a
 * target that wraps (or fails to wrap) its results still gets its checks run; the deviation itself is
 * reported by the schema check of the response, with the exchange as evidence.
 */
export function lenientValue(response: ApiResponse): unknown {
  const status = response.status ?? 0;
  if (status < 200 || status >= 300) return undefined;
  // No result of this API is itself an object whose only member is `value`: such a body is a wrapper.
  const body = response.value ?? response.json;
  const isWrapper =
    typeof body === "object" &&
    body !== null &&
    !Array.isArray(body) &&
    Object.keys(body).length === 1 &&
    "value" in body;
  return isWrapper ? body.value : body;
}

/** `200 text/html <!doctype html>...`: what came back, short enough for one line of a message. */
export function describeAnswer(response: ApiResponse): string {
  const answer = response.exchange.response;
  if (answer === undefined) return response.exchange.networkError ?? "no response";
  const type = (answer.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
  const body = answer.body.replace(/\s+/g, " ").trim().slice(0, 200);
  return [String(answer.status), type, response.errorType ?? "", body]
    .filter((part) => part !== "")
    .join(" ");
}
