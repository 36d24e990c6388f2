import type { Clock, ReferenceServerHandle } from "../../server/index.ts";
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

/** The embedded server, and the user it was started with (the caller's, or the server's default one). */
export interface EmbeddedServer {
  server: ReferenceServerHandle;
  username: string;
  password: string;
}

/**
 * The reference server on a free loopback port, with the users every suite needs. `shortIdle` sets the
 * short idle expiry the expiry suite watches (on the items of its checks that wait for it); without it sessions keep the documented timeout (the pact's
 * provider states must outlive the verifier's round trips).
 */
export async function startEmbeddedServer(options: {
  username: string | undefined;
  password: string | undefined;
  shortIdle: boolean;
  /** The server's clock (the run's, which waiting moves forward). */
  clock: Clock;
  /** Named deviations (server/faults.ts), for self-tests that prove a check fails against this server. */
  faults?: readonly string[] | undefined;
}): Promise<EmbeddedServer> {
  // Loaded here, not at the top: a run against a given target (`usc run --target`, each `usc pact verify`
  // worker) never starts the reference server, and loading its modules cost every such process CPU.
  const { defaultCredentials, startReferenceServer } = await import("../../server/index.ts");
  const username = options.username ?? defaultCredentials.username;
  const password = options.password ?? defaultCredentials.password;
  const server = await startReferenceServer({
    host: "127.0.0.1",
    port: 0,
    username,
    password,
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
  return { server, username, password };
}
