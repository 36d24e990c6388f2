import type { Faults } from "../faults.ts";
import type { Store } from "../state/store.ts";

/** What every operation gets: the shared state, who is calling, and how the caller reached the server. */
export interface OperationContext {
  store: Store;
  /** The user of the caller's login session. */
  user: string;
  /**
   * `scheme://host:port` as the caller addressed the server. URIs the server hands out (upload endpoints,
   * publish URLs) start with it so they work from wherever the caller stands.
   */
  origin: string;
  /** SHA-1 thumbprint of the server's TLS certificate, announced with upload endpoints; undefined over HTTP. */
  tlsThumbprint: string | undefined;
  faults: Faults;
  /** Aborted when the server closes, so background transfers (PULL) stop with it. */
  shutdown: AbortSignal;
}
