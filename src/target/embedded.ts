import { defaultCredentials, startReferenceServer, type ReferenceServerHandle } from "../../server/index.ts";

/** Credentials of the embedded server's second user: list isolation needs someone else's sessions. */
export const embeddedOtherUser = { username: "other@vsphere.local", password: "other-conformance" };
/** The embedded server's read-only user: it may log in and read, but lacks ContentLibrary.UpdateSession. */
export const embeddedLimitedUser = {
  username: "limited@vsphere.local",
  password: "limited-conformance",
  privileges: ["System.Anonymous", "System.View", "System.Read"],
};
/**
 * The embedded server expires the expiry suite's sessions quickly, so it can watch expiry happen in about
 * two seconds (its margins scale with this). Only those: every other session keeps the documented five
 * minutes, so no slow moment on a loaded machine can expire a session under another suite's check.
 */
export const embeddedIdleTimeoutSeconds = 1.5;
/** What the expiry suite's scratch item names contain (`<run id>-expiry-<purpose>-<random>`). */
const expiryItemsMarker = "-expiry-";

/**
 * The reference server on a free loopback port, with the users every suite needs. `shortIdle` sets the
 * short idle expiry the expiry suite watches; without it sessions keep the documented timeout (the pact's
 * provider states must outlive the verifier's round trips).
 */
export function startEmbeddedServer(options: {
  username: string | undefined;
  password: string | undefined;
  shortIdle: boolean;
}): Promise<ReferenceServerHandle> {
  return startReferenceServer({
    host: "127.0.0.1",
    port: 0,
    username: options.username ?? defaultCredentials.username,
    password: options.password ?? defaultCredentials.password,
    users: [embeddedOtherUser, embeddedLimitedUser],
    ...(options.shortIdle
      ? {
          shortIdleItems: { nameIncludes: expiryItemsMarker, idleTimeoutSeconds: embeddedIdleTimeoutSeconds },
        }
      : {}),
  });
}
