import { defaultIdleTimeout, expiryOf } from "../state/store.ts";
import { instead } from "./hooks.ts";

/** The overrides of the expiry faults: the store's idle timeout and the moment a session expires. */
export const expiryHooks = {
  // Sessions keep twice the documented default of five minutes.
  "default-idle-ten-minutes": instead(defaultIdleTimeout, () => 600_000),
  // Sessions end at half the idle time while reporting the full expiration_time.
  "expires-early": instead(expiryOf, (_store, session) => session.lastActivityAt + session.idleTimeoutMs / 2),
  "idle-never-expires": instead(expiryOf, () => Number.POSITIVE_INFINITY),
} as const;
