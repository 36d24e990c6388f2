import { defineSuiteCatalogue } from "./registry.ts";

export const expiryCatalogue = defineSuiteCatalogue({
  suite: "expiry",
  description:
    "expiration_time as a lower bound, keep_alive extending it, client_progress from 0 through keep_alive, and idle expiry.",
  checks: [
    {
      id: "expiry.expiration.in-future",
      title: "a new session's expiration_time is a date-time later than its creation",
      level: "MUST",
      requirements: ["create.expiration-in-future", "model.expiration-time.date-time"],
    },
    {
      id: "expiry.expiration.layout",
      title: "expiration_time is written in UTC with milliseconds (YYYY-MM-DDThh:mm:ss.sssZ)",
      level: "SHOULD",
      requirements: ["wire.date-time-layout"],
    },
    {
      id: "expiry.expiration.lower-bound",
      title: "an idle session is still there and ACTIVE just before its expiration_time",
      level: "MUST",
      requirements: ["expiry.lower-bound"],
    },
    {
      id: "expiry.keep-alive.extends",
      title: "keep_alive moves expiration_time later",
      level: "MUST",
      requirements: [
        "keep-alive.extends-lifetime",
        "wire.keep-alive-action-name",
        "wire.rest.paths",
        "wire.api.paths",
      ],
    },
    {
      id: "expiry.progress.starts-at-zero",
      title: "a new session reports client_progress 0",
      level: "MUST",
      requirements: ["create.initial-progress-zero", "model.client-progress.range"],
    },
    {
      id: "expiry.progress.keep-alive-raises",
      title: "keep_alive with client_progress 40 makes get report 40",
      level: "MUST",
      requirements: ["keep-alive.sets-progress", "wire.rest.requests-wrapped"],
    },
    {
      id: "expiry.progress.keep-alive-without-progress",
      title: "keep_alive without client_progress succeeds and leaves client_progress unchanged",
      level: "MUST",
      requirements: ["keep-alive.progress-optional"],
    },
    {
      id: "expiry.progress.not-lowered",
      title: "keep_alive with a lower client_progress does not lower the reported progress",
      level: "SHOULD",
      requirements: ["keep-alive.progress-not-lowered"],
    },
    {
      id: "expiry.progress.above-max",
      title:
        "keep_alive with client_progress 101 is refused with invalid_argument and changes nothing, or accepted without storing 101",
      level: "SHOULD",
      requirements: ["keep-alive.progress-above-max"],
    },
    {
      id: "expiry.progress.within-range",
      title: "after keep_alive with client_progress 101, get shows a client_progress from 0 to 100",
      level: "MUST",
      requirements: ["model.client-progress.range"],
    },
    {
      id: "expiry.idle-session.expires",
      title: "a session left idle past its expiration_time is gone (not_found) or no longer ACTIVE",
      level: "SHOULD",
      requirements: ["expiry.idle-session-removed"],
    },
  ],
});
