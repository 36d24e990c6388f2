/**
 * What a run covers, derived from its configuration: the filters the user chose and the checks that
 * cannot run for want of a setting. Reports print it so a filtered or partial run never reads as a
 * verdict on the whole contract.
 */
import type { RunConfig } from "../config/index.ts";
import type { RunSelection } from "../results/model.ts";

/** The embedded server knows its own second user, limited user and idle timeout, so nothing is left out. */
export function runSelection(
  config: Pick<RunConfig, "grep" | "dialect" | "otherUsername" | "limitedUsername" | "idleTimeoutSeconds">,
  embedded: boolean,
): RunSelection {
  const notConfigured: string[] = [];
  if (!embedded) {
    if (config.otherUsername === undefined)
      notConfigured.push(
        "the second-user checks (list isolation, another user's operations) are skipped: no --other-username",
      );
    if (config.limitedUsername === undefined)
      notConfigured.push("the privilege checks are skipped: no --limited-username");
    if (config.idleTimeoutSeconds === undefined)
      notConfigured.push("the checks that wait for an idle session to expire are skipped: no --idle-timeout");
  }
  return { grep: config.grep, dialect: config.dialect, notConfigured };
}
