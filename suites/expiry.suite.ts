import type { CheckContext } from "../src/checks/check-context.ts";
import type { WaitUntil } from "../src/checks/run-clock.ts";
import { defineSuite } from "../src/checks/suite.ts";
import type { ApiResponse } from "../src/client/api-client.ts";
import { expiryCatalogue } from "../src/catalogue/expiry.checks.ts";
import { waitingItemPurpose } from "../fixtures/expiry-items.ts";
import { dateTimeMillis } from "./support/sessions.ts";
import { asRecord, createSession, produced, readSession, sessionParams, step } from "./support/steps.ts";

/**
 * How the expiry checks time their requests. The margins are what a target on another machine needs; a
 * target whose idle timeout is known to be short (a test server's, or the embedded one's) gets margins in
 * proportion to it, so watching a session expire costs about one idle timeout rather than seconds more.
 */
interface ExpiryTiming {
  /** The longest any one check sleeps; a target whose sessions live longer is not waited for. */
  waitBudgetMs: number;
  /** How long before expiration_time the lower-bound get is sent, so it arrives before it. */
  earlyMarginMs: number;
  /** How long after expiration_time the idle session is looked at again. */
  lateMarginMs: number;
  /** Enough for a millisecond clock to show that keep_alive moved expiration_time. */
  keepAlivePauseMs: number;
}

export function expiryTiming(idleTimeoutSeconds: number | undefined): ExpiryTiming {
  const standard = {
    waitBudgetMs: 6_000,
    earlyMarginMs: 1_000,
    lateMarginMs: 1_500,
    keepAlivePauseMs: 1_100,
  };
  if (idleTimeoutSeconds === undefined) return standard;
  const idleMs = idleTimeoutSeconds * 1000;
  return {
    waitBudgetMs: standard.waitBudgetMs,
    earlyMarginMs: Math.min(standard.earlyMarginMs, idleMs / 4),
    lateMarginMs: Math.min(standard.lateMarginMs, (idleMs * 3) / 8),
    keepAlivePauseMs: Math.min(standard.keepAlivePauseMs, idleMs / 4),
  };
}

/** How often the lower-bound check tries before a get that keeps arriving too late leaves it blocked. */
const lowerBoundAttempts = 3;

/** The vAPI runtime's date-time layout, `2006-01-02T15:04:05.000Z` in Go's notation. */
const vapiDateTimeLayout = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** How far the target's clock may be from ours before "just before expiration_time" cannot be timed. */
const maxClockSkewMs = 2_000;

/** The target's clock from the response's Date header (second resolution), when it sent one. */
function targetClock(response: ApiResponse): number | undefined {
  const date = response.exchange.response?.headers["date"];
  const millis = date === undefined ? Number.NaN : Date.parse(date);
  return Number.isFinite(millis) ? millis : undefined;
}

/** A session's expiration_time as epoch milliseconds, read as a set-up step; a non-date blocks. */
function expirationOf(t: CheckContext, response: ApiResponse): number {
  const value = asRecord(t, produced(response), "the session").expiration_time;
  const millis = dateTimeMillis(value);
  if (millis === undefined)
    t.block(
      value === undefined
        ? "the session has no expiration_time (get leaves it out)"
        : `expiration_time ${JSON.stringify(value)} is not a date-time with a zone`,
    );
  return millis;
}

async function progressOf(t: CheckContext, sessionId: string): Promise<unknown> {
  return (await readSession(t, sessionId)).client_progress;
}

function keepAlive(t: CheckContext, sessionId: string, clientProgress?: number): Promise<ApiResponse> {
  return t.call("updateSession.keepAlive", {
    params: { update_session_id: sessionId },
    ...(clientProgress === undefined ? {} : { body: { client_progress: clientProgress } }),
  });
}

export const expirySuite = defineSuite(expiryCatalogue, ({ check, env }) => {
  const timing = () => expiryTiming(env.run.idleTimeoutSeconds);
  // Every reading of the time and every wait goes through the run's clock: against the embedded server,
  // waiting moves its clock at once; against any other target it is the system clock and waits are real.
  const now = () => env.run.clock.now();
  /** A check that waits: its steps have the clock to themselves (see RunClock.exclusive). */
  const timed = (body: (t: CheckContext, waitUntil: WaitUntil) => Promise<void>) => (t: CheckContext) =>
    env.run.clock.exclusive((waitUntil) => body(t, waitUntil));
  /** The session the lower-bound check leaves idle, and the expiration_time it first reported. */
  let idle: { id: string; expires: number } | undefined;
  /** The session whose client_progress the progress checks move, in order. */
  let progressSession: string | undefined;

  check("expiry.expiration.in-future", async (t) => {
    const id = await createSession(t, env, await env.newItem(t, "in-future"));
    const response = t.prerequisite(
      await t.call("updateSession.get", sessionParams(id)),
      "reading the new session",
    );
    const value = asRecord(t, produced(response), "the session").expiration_time;
    const expires = dateTimeMillis(value);
    t.expectThat(
      expires !== undefined,
      "expiration_time",
      "an RFC 3339 date-time with a zone",
      JSON.stringify(value),
    );
    // The Date header has second resolution, so the creation happened no earlier than it says.
    const createdBy = targetClock(response) ?? now() - 1_000;
    t.expectThat(
      expires !== undefined && expires > createdBy,
      "expiration_time of a new session",
      `later than the target's clock at creation (${new Date(createdBy).toISOString()})`,
      JSON.stringify(value),
    );
  });

  check("expiry.expiration.layout", async (t) => {
    const id = await createSession(t, env, await env.newItem(t, "layout"));
    const response = t.prerequisite(
      await t.call("updateSession.get", sessionParams(id)),
      "reading the new session",
    );
    const value = asRecord(t, produced(response), "the session").expiration_time;
    // RFC 3339 (the schema's format) allows offsets and any fraction; the vAPI runtime writes one layout.
    t.expectThat(
      typeof value === "string" && vapiDateTimeLayout.test(value),
      "expiration_time's layout",
      "UTC with milliseconds and a literal Z, YYYY-MM-DDThh:mm:ss.sssZ (as in 2015-01-01T22:13:05.651Z)",
      JSON.stringify(value),
    );
  });

  check(
    "expiry.expiration.lower-bound",
    timed(async (t: CheckContext, waitUntil: WaitUntil) => {
      // A slow moment (of this machine or the target's) can deliver the get after expiration_time, which
      // shows nothing either way; the check then tries again with a fresh session before it gives up.
      for (let attempt = 1; ; attempt += 1) {
        const id = await createSession(t, env, await env.newItem(t, waitingItemPurpose("lower-bound")));
        const sentAt = now();
        const first = t.prerequisite(
          await t.call("updateSession.get", sessionParams(id)),
          "reading the new session",
        );
        const expires = expirationOf(t, first);
        idle = { id, expires };
        const clock = targetClock(first);
        const skew = clock === undefined ? 0 : clock - sentAt;
        if (Math.abs(skew) > maxClockSkewMs) {
          t.skip(
            `the target's clock is about ${Math.round(skew / 1000)} s off ours, so a request just before expiration_time cannot be timed`,
          );
        }
        const wait = expires - timing().earlyMarginMs - now();
        if (wait > timing().waitBudgetMs) {
          t.skip(
            `expiration_time is ${Math.round((expires - now()) / 1000)} s away; waiting for it exceeds this suite's budget of ${timing().waitBudgetMs / 1000} s`,
          );
        }
        await waitUntil(expires - timing().earlyMarginMs);
        const askedAt = now();
        const response = await t.call("updateSession.get", sessionParams(id));
        const stillActive =
          response.success && (response.value as { state?: unknown } | undefined)?.state === "ACTIVE";
        if (!stillActive && now() >= expires) {
          if (attempt < lowerBoundAttempts) continue;
          t.block(
            `the get was answered only after expiration_time (sent ${expires - askedAt} ms before it, in each of ${attempt} attempts), so it shows nothing`,
          );
        }
        t.expectSuccess(response, `get ${expires - askedAt} ms before expiration_time`);
        t.expectEqual(
          asRecord(t, produced(response), "the session").state,
          "ACTIVE",
          "state just before expiration_time",
        );
        return;
      }
    }),
  );

  check(
    "expiry.keep-alive.extends",
    timed(async (t: CheckContext, waitUntil: WaitUntil) => {
      const id = await createSession(t, env, await env.newItem(t, "keep-alive"));
      const before = expirationOf(
        t,
        t.prerequisite(await t.call("updateSession.get", sessionParams(id)), "reading the session"),
      );
      await waitUntil(now() + timing().keepAlivePauseMs);
      t.expectSuccess(await keepAlive(t, id), "keep_alive of an ACTIVE session");
      const response = t.prerequisite(
        await t.call("updateSession.get", sessionParams(id)),
        "reading the session again",
      );
      const after = dateTimeMillis(asRecord(t, produced(response), "the session").expiration_time);
      t.expectThat(
        after !== undefined && after > before,
        `expiration_time after keep_alive (${timing().keepAlivePauseMs} ms after the first reading)`,
        `later than ${new Date(before).toISOString()}`,
        after === undefined ? "not a date-time" : new Date(after).toISOString(),
      );
    }),
  );

  check("expiry.progress.starts-at-zero", async (t) => {
    progressSession = await createSession(t, env, await env.newItem(t, "progress"));
    t.expectEqual(await progressOf(t, progressSession), 0, "client_progress of a new session");
  });

  check("expiry.progress.keep-alive-raises", async (t) => {
    const id = t.needs(progressSession, "the session expiry.progress.starts-at-zero created");
    t.expectSuccess(await keepAlive(t, id, 40), "keep_alive with client_progress 40");
    t.expectEqual(await progressOf(t, id), 40, "client_progress after keep_alive with 40");
  });

  check("expiry.progress.keep-alive-without-progress", async (t) => {
    const id = t.needs(progressSession, "the session expiry.progress.starts-at-zero created");
    const before = await progressOf(t, id);
    t.expectSuccess(await keepAlive(t, id), "keep_alive without client_progress");
    t.expectEqual(await progressOf(t, id), before, "client_progress after keep_alive without one");
  });

  check("expiry.progress.not-lowered", async (t: CheckContext) => {
    const id = t.needs(progressSession, "the session expiry.progress.starts-at-zero created");
    let before = await progressOf(t, id);
    // An earlier check's deviation (a keep_alive that ignored or reset the progress) must not decide this
    // one: a progress with nothing to lower is raised here first.
    if (typeof before !== "number" || before < 1) {
      step(t, await keepAlive(t, id, 60), "raising client_progress to 60");
      before = await progressOf(t, id);
    }
    if (typeof before !== "number" || before < 1)
      t.block(
        before === undefined
          ? "the session has no client_progress to lower (get leaves it out)"
          : `needs a client_progress above 0 to lower, but keep_alive with 60 left it at ${JSON.stringify(before)}`,
      );
    // E07: ignoring the lower value and rejecting it are both within the documents; lowering is not.
    await keepAlive(t, id, Math.floor(before / 2));
    t.expectEqual(
      await progressOf(t, id),
      before,
      `client_progress after keep_alive with ${Math.floor(before / 2)}`,
    );
  });

  check("expiry.progress.above-max", async (t) => {
    const id = t.needs(progressSession, "the session expiry.progress.starts-at-zero created");
    const before = await progressOf(t, id);
    const response = await keepAlive(t, id, 101);
    // Read back whatever the answer: a refusal that stored the value anyway is a deviation too.
    const after = await progressOf(t, id);
    if (response.success) {
      // E46: keep_alive documents no error for it, so it may take the value without storing it.
      t.expectThat(
        after === before || after === 100,
        "client_progress after the accepted keep_alive with 101",
        `${JSON.stringify(before)} (the value ignored) or 100, not a value above the maximum`,
        JSON.stringify(after),
      );
      return;
    }
    t.expectEqual(after, before, "client_progress after the refused keep_alive with 101");
    t.expectError(response, "invalid_argument", "keep_alive with client_progress 101");
  });

  check("expiry.progress.within-range", async (t) => {
    const id = t.needs(progressSession, "the session expiry.progress.starts-at-zero created");
    // Refused or not (expiry.progress.above-max's verdict), what get shows afterwards stays within 0..100.
    await keepAlive(t, id, 101);
    const after = await progressOf(t, id);
    t.expectThat(
      typeof after === "number" && Number.isInteger(after) && after >= 0 && after <= 100,
      "client_progress after keep_alive with 101",
      "an integer from 0 to 100",
      JSON.stringify(after),
    );
  });

  check(
    "expiry.idle-session.expires",
    timed(async (t: CheckContext, waitUntil: WaitUntil) => {
      if (env.run.idleTimeoutSeconds === undefined) {
        t.skip(
          "the target's idle timeout is not known (a vCenter's default is five minutes), too long to wait for",
        );
      }
      let session = idle;
      if (session === undefined) {
        const id = await createSession(t, env, await env.newItem(t, waitingItemPurpose("idle")));
        const response = t.prerequisite(
          await t.call("updateSession.get", sessionParams(id)),
          "reading the session",
        );
        session = { id, expires: expirationOf(t, response) };
      }
      const deadline = now() + timing().waitBudgetMs;
      let expires = session.expires;
      for (;;) {
        const until = expires + timing().lateMarginMs;
        if (until > deadline) {
          t.skip(
            `the session's expiration_time keeps moving (now ${new Date(expires).toISOString()}); the target may count reads as activity, and waiting longer exceeds this suite's budget`,
          );
        }
        await waitUntil(until);
        const response = await t.call("updateSession.get", sessionParams(session.id));
        if (response.errorType === "not_found") {
          t.expectError(response, "not_found", "get of a session idle past its expiration_time");
          return;
        }
        t.expectSuccess(response, "get of a session idle past its expiration_time");
        const model = asRecord(t, produced(response), "the session");
        if (model.state !== "ACTIVE") return;
        const reported = dateTimeMillis(model.expiration_time);
        if (reported === undefined || reported <= expires) {
          t.fail(
            "a session idle past its expiration_time is still ACTIVE",
            `not_found, or a state other than ACTIVE, after ${new Date(expires).toISOString()}`,
            `ACTIVE with expiration_time ${JSON.stringify(model.expiration_time)}`,
          );
        }
        expires = reported;
      }
    }),
  );
});
