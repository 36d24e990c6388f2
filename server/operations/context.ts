import type { Store } from "../state/store.ts";
import type { Overridden } from "./overridable.ts";

/** What the server's state changes need: the shared state, and the overrides of a fault variant. */
export interface StateContext extends Overridden {
  store: Store;
}

/** What every operation gets: the shared state, who is calling, and how the caller reached the server. */
export interface OperationContext extends StateContext {
  /** The user of the caller's login session. */
  user: string;
  /**
   * `scheme://host:port` as the caller addressed the server. URIs the server hands out (upload endpoints,
   * publish URLs) start with it so they work from wherever the caller stands.
   */
  origin: string;
  /** SHA-1 thumbprint of the server's TLS certificate, announced with upload endpoints; undefined over HTTP. */
  tlsThumbprint: string | undefined;
  /** Aborted when the server closes, so background transfers (PULL) stop with it. */
  shutdown: AbortSignal;
}
