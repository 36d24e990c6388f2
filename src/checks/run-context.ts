import type { Dialect } from "../../spec/index.ts";
import type { ProxySettings } from "../config/index.ts";
import type { RunClock } from "./run-clock.ts";

/**
 * Everything a suite needs to know about the target it runs against: where it is, who to log in as, and
 * the scratch resources opened for the run. Plain data, built once when the target is opened, and the
 * clock the checks that wait for the target's time read.
 */
export interface RunContext {
  runId: string;
  baseUrl: string;
  dialects: Dialect[];
  username: string;
  password: string;
  /** A second user of the target, when one is known (the embedded server has one): list isolation needs it. */
  otherUser: { username: string; password: string } | undefined;
  /**
   * A user without ContentLibrary.UpdateSession on the scratch items, when one is known (the embedded server
   * has one): the privilege checks need it.
   */
  limitedUser: { username: string; password: string } | undefined;
  insecure: boolean;
  caFile: string | undefined;
  /** Resolved once by the CLI (none for the embedded server), so workers never read the environment again. */
  proxy: ProxySettings;
  timeoutMs: number;
  /** Where the resource ledger of the run lives. */
  stateDir: string;
  /** The scratch library this run created; suites create their items in it. */
  libraryId: string;
  /** A library item of a subscribed library, for the invalid_element_type rule, when the target offers one. */
  subscribedItemId: string | undefined;
  /** Why there is no subscribed item, for the skip reason of the checks that need one. */
  subscribedItemMissing: string | undefined;
  /** Idle expiry of the target's sessions in seconds, when known (the embedded server's is set short). */
  idleTimeoutSeconds: number | undefined;
  /** The target's time: the embedded server's clock, which waiting moves at once; else the system's. */
  clock: RunClock;
}
