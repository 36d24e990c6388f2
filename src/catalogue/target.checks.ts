import { defineSuiteCatalogue } from "./registry.ts";

/**
 * The checks opening a target decides, before any suite runs. Set-up is documented behaviour too: a
 * dialect whose login is refused fails here (its suites' checks are then blocked with the reason), and
 * every response set-up reads is judged by `protocol.response-schema`, reported under this suite's name.
 */
export const targetCatalogue = defineSuiteCatalogue({
  suite: "target",
  description:
    "Opening the target: the HTTP Basic login of each dialect, and the documented shape of every response set-up reads (login, datastores, scratch libraries and items).",
  checks: [
    {
      id: "target.login",
      title: "logging in with HTTP Basic credentials returns a session token",
      level: "MUST",
      requirements: ["auth.login-basic"],
    },
  ],
});
