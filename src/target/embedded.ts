import {
  defaultCredentials,
  startReferenceServer,
  type Clock,
  type ReferenceServerHandle,
} from "../../server/index.ts";
import { waitingItemsMarker } from "../../fixtures/expiry-items.ts";

/** Credentials of the embedded server's second user: list isolation needs someone else's sessions. */
export const embeddedOtherUser = { username: "other@vsphere.local", password: "other-conformance" };
/** The embedded server's read-only user: it may log in and read, but lacks ContentLibrary.UpdateSession. */
export const embeddedLimitedUser = {
  username: "limited@vsphere.local",
  password: "limited-conformance",
  privileges: ["System.Anonymous", "System.View", "System.Read"],
};
/**
 * The embedded server expires the expiry suite's sessions after this, on a clock the run moves forward when
 * a check waits (src/checks/run-clock.ts), so watching expiry costs no real time. Long enough that the
 * suite's margins are those it uses against any target (suites/expiry.suite.ts `expiryTiming`); short enough
 * that the run's waits move the clock by seconds only. Only the sessions of the checks that wait for expiry
 * (fixtures/expiry-items.ts): every other session keeps the documented five minutes, far beyond what the
 * waits add up to.
 */
export const embeddedIdleTimeoutSeconds = 5;

/**
 * The reference server on a free loopback port, with the users every suite needs. `shortIdle` sets the
 * short idle expiry the expiry suite watches (on the items of its checks that wait for it); without it sessions keep the documented timeout (the pact's
 * provider states must outlive the verifier's round trips).
 */
export function startEmbeddedServer(options: {
  username: string | undefined;
  password: string | undefined;
  shortIdle: boolean;
  /** The server's clock (the run's, which waiting moves forward). */
  clock: Clock;
  /** Named deviations (server/faults.ts), for self-tests that prove a check fails against this server. */
  faults?: readonly string[] | undefined;
}): Promise<ReferenceServerHandle> {
  return startReferenceServer({
    host: "127.0.0.1",
    port: 0,
    username: options.username ?? defaultCredentials.username,
    password: options.password ?? defaultCredentials.password,
    users: [embeddedOtherUser, embeddedLimitedUser],
    clock: options.clock,
    ...(options.faults === undefined ? {} : { faults: [...options.faults] }),
    ...(options.shortIdle
      ? {
          shortIdleItems: {
            nameIncludes: waitingItemsMarker,
            idleTimeoutSeconds: embeddedIdleTimeoutSeconds,
          },
        }
      : {}),
  });
}
