import { redactorFor, type Redactor } from "../http/redact.ts";
import type { Exchange } from "../results/model.ts";

/**
 * Replaces every known secret in an exchange's URL and bodies. The transport already masks secret headers;
 * this catches what only becomes known later, such as the token a login response carried.
 */
export function redactExchange(exchange: Exchange, secrets: readonly string[] | Redactor): Exchange {
  // A transcript's exchanges share one redactor: see redactorFor.
  const { text } = "text" in secrets ? secrets : redactorFor(secrets);
  return {
    ...exchange,
    request: {
      ...exchange.request,
      url: text(exchange.request.url),
      body: exchange.request.body === undefined ? undefined : text(exchange.request.body),
    },
    response: exchange.response && { ...exchange.response, body: text(exchange.response.body) },
  };
}
