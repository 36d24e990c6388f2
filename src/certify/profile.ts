import type { RunConfig } from "../config/index.ts";
import type { NotCertified, ProfileOutcome, RunResult } from "../results/model.ts";
import { resultKey } from "../results/model.ts";

/**
 * The settings some checks need to reach a verdict, and the checks that skip without them. The profile
 * requires the users: any target can have a second and a read-only user. It does not require the idle
 * timeout (a production vCenter's is minutes, beyond what a run waits for) or a subscribed library item
 * (not every target has one): the checks they unlock are listed as not certified, and the profile can
 * still be met. test/certify-profile-run.test.ts holds this table to what a real run skips.
 */
export const settingNeeds = [
  {
    option: "--other-username",
    what: "second user (--other-username, --other-password)",
    required: true,
    configured: (config: ProfileConfig) => config.otherUsername !== undefined,
    checks: ["auth.list.caller-scope", "model.auth.other-user-session-operations"],
  },
  {
    option: "--limited-username",
    what: "limited user, one without ContentLibrary.UpdateSession (--limited-username, --limited-password)",
    required: true,
    configured: (config: ProfileConfig) => config.limitedUsername !== undefined,
    checks: [
      "auth.privilege.create-unauthorized",
      "auth.privilege.list-unauthorized",
      "auth.privilege.pull-storage-unauthorized",
    ],
  },
  {
    option: "--idle-timeout",
    what: "short known idle timeout (--idle-timeout)",
    required: false,
    configured: (config: ProfileConfig) => config.idleTimeoutSeconds !== undefined,
    checks: ["expiry.expiration.lower-bound", "expiry.idle-session.expires"],
  },
  {
    option: "--subscribed-item",
    what: "item of a subscribed library (--subscribed-item)",
    required: false,
    configured: (config: ProfileConfig) => config.subscribedItem !== undefined,
    checks: ["create-conflicts.subscribed-item.invalid-element-type"],
  },
] as const;

type ProfileConfig = Pick<
  RunConfig,
  "otherUsername" | "limitedUsername" | "idleTimeoutSeconds" | "subscribedItem"
>;

/** The options that narrow or excuse a run: a certification covers everything and excuses nothing. */
const narrowing = [
  { field: "suites", flag: "--suite" },
  { field: "checks", flag: "--check" },
  { field: "exclude", flag: "--exclude" },
  { field: "grep", flag: "--grep" },
  { field: "dialect", flag: "--dialect" },
  { field: "expectedFailures", flag: "--expected-failures" },
  { field: "junit", flag: "--junit" },
] as const;

/**
 * Why the configuration cannot be a certification run, one sentence per option, naming where it was set
 * (a flag, a variable or a config file line). Empty when it can. `--junit` is refused too: the JUnit
 * report must sit in the report directory, where the manifest covers it.
 */
export function refusedOptions(config: RunConfig): string[] {
  const out: string[] = [];
  if (config.profile === undefined) {
    if (config.signKey !== undefined)
      out.push(
        `--sign-key (set by ${config.sources.signKey}) signs a certification's manifest: add --profile certification`,
      );
    return out;
  }
  for (const { field, flag } of narrowing) {
    if (config.sources[field] === "default") continue;
    // auto is what the profile asks for anyway: every dialect the target serves.
    if (field === "dialect" && config.dialect === "auto") continue;
    const why =
      field === "expectedFailures"
        ? "a certification excuses no failure"
        : field === "junit"
          ? "the JUnit report must stay in the report directory the manifest covers"
          : field === "dialect"
            ? "a certification covers every dialect the target serves"
            : "a certification runs every check";
    out.push(`${flag} (set by ${config.sources[field]}) is not allowed with --profile certification: ${why}`);
  }
  return out;
}

/**
 * How a finished run measured up to the certification profile. The embedded server knows its own users,
 * idle timeout and subscribed item, so only a given --target can lack them.
 */
export function certificationOutcome(config: RunConfig, run: RunResult): ProfileOutcome {
  const notCertified: NotCertified[] = [];
  const gaps: string[] = [];
  for (const need of settingNeeds) {
    const skipped = run.checks.filter(
      (check) => check.status === "skip" && (need.checks as readonly string[]).includes(check.id),
    );
    for (const check of skipped)
      notCertified.push({
        key: resultKey(check),
        option: need.option,
        required: need.required,
        reason: check.message,
      });
    const missing = !run.embeddedTarget && !need.configured(config);
    if (need.required && (missing || skipped.length > 0))
      gaps.push(
        `no ${need.what}: ${skipped.length} check result${skipped.length === 1 ? "" : "s"} not certified`,
      );
  }
  return { name: "certification", met: gaps.length === 0, gaps, notCertified };
}
