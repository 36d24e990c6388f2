import type { Dialect } from "../../spec/index.ts";
import type { CheckResult } from "../results/model.ts";
import type { CheckDefinition } from "../catalogue/definition.ts";
import type { SuiteCatalogue } from "../catalogue/registry.ts";
import type { RunContext } from "./run-context.ts";
import { runCheck, type CheckBody } from "./run-check.ts";
import { schemaCheckResults } from "./schema-checks.ts";
import { SuiteEnvironment } from "./suite-environment.ts";

export interface SuiteBuilder<Id extends string = string> {
  dialect: Dialect;
  env: SuiteEnvironment;
  /** Registers a check declared in the suite's catalogue (a typo is a type error); its body runs with a CheckContext. */
  check: (id: Id, body: CheckBody) => void;
}

/**
 * A conformance suite as a value: its catalogue (what it checks, readable without running anything) and
 * the function that registers its check bodies. A runner (`usc run`'s, or one inside a user's own test
 * runner) decides where and how it runs; importing a suite runs nothing.
 */
export interface ConformanceSuite {
  readonly catalogue: SuiteCatalogue;
  readonly define: (builder: SuiteBuilder) => void;
  /** What the run must provision for this suite besides the scratch library every suite uses. */
  readonly needs: SuiteNeeds;
}

/**
 * Scratch resources a suite reads from the run context beyond the scratch library. A run provisions them
 * only when a selected suite needs them: against a real target the subscribed item alone is a published
 * library, a subscription and a sync, made and removed again for nothing when no selected suite reads it.
 */
export interface SuiteNeeds {
  /** `env.run.subscribedItemId`: an item of a subscribed library. */
  readonly subscribedItem?: boolean;
}

export function defineSuite<Id extends string>(
  catalogue: SuiteCatalogue<Id>,
  define: (builder: SuiteBuilder<Id>) => void,
  needs: SuiteNeeds = {},
): ConformanceSuite {
  return { catalogue, define, needs };
}

/** One registered check of a suite instance: what it is and the body that decides it. */
export interface RegisteredCheck {
  definition: CheckDefinition;
  body: CheckBody;
}

/**
 * One suite prepared to run in one dialect against one target: its environment (client, ledger, findings)
 * and its checks in the order the suite registered them, which is the order they must run in, since later
 * checks of a suite may use what earlier ones produced. Runner-neutral: open, run each check, finish.
 */
export class SuiteInstance {
  readonly suite: ConformanceSuite;
  readonly env: SuiteEnvironment;
  readonly checks: RegisteredCheck[] = [];

  constructor(suite: ConformanceSuite, dialect: Dialect, run: RunContext) {
    this.suite = suite;
    this.env = new SuiteEnvironment(suite.catalogue.suite, dialect, run);
    const definitions = new Map(suite.catalogue.checks.map((c) => [c.id, c]));
    const name = suite.catalogue.suite;
    suite.define({
      dialect,
      env: this.env,
      check: (id, body) => {
        const definition = definitions.get(id);
        if (definition === undefined) throw new Error(`check ${id} is not declared in the ${name} catalogue`);
        if (this.checks.some((c) => c.definition.id === id))
          throw new Error(`check ${id} is registered twice in suite ${name}`);
        this.checks.push({ definition, body });
      },
    });
  }

  get name(): string {
    return this.suite.catalogue.suite;
  }

  get dialect(): Dialect {
    return this.env.dialect;
  }

  /** Logs in; a failed login is remembered and blocks every check with the reason. */
  open(): Promise<void> {
    return this.env.open();
  }

  run(check: RegisteredCheck): Promise<CheckResult> {
    return runCheck(check.definition, this.env.client, this.env.guard(check.body), {
      suite: this.name,
      insecure: this.env.run.insecure,
      extraSecrets: this.env.extraSecrets(),
    });
  }

  /**
   * After the last check: the schema verdicts of every response the suite saw, then teardown of what the
   * suite created. Returns the schema results and what could not be removed.
   */
  async finish(): Promise<{ schemaChecks: CheckResult[]; runErrors: string[] }> {
    const schemaChecks = schemaCheckResults(this.name, this.env, this.env.run.insecure);
    const runErrors = await this.env.close();
    return { schemaChecks, runErrors };
  }
}

/**
 * The ids of a suite's checks in the order its body registers them in a dialect (some checks exist in one
 * dialect only), learnt without a target: the define function only registers closures, so it can run
 * against an environment that must not be touched.
 */
export function registrationOrder(suite: ConformanceSuite, dialect: Dialect = "api"): string[] {
  const ids: string[] = [];
  const untouchable = new Proxy({} as SuiteEnvironment, {
    get(_target, property) {
      throw new Error(
        `suite ${suite.catalogue.suite} reads env.${String(property)} while registering its checks; read it inside a check body`,
      );
    },
  });
  suite.define({ dialect, env: untouchable, check: (id) => void ids.push(id) });
  return ids;
}
