import { afterAll, beforeAll, describe, inject, it } from "vitest";
import type { Dialect } from "../../spec/index.ts";
import type { CheckResult } from "../results/model.ts";
import { runContextKey } from "../run/run-context.ts";
import type { CheckDefinition } from "./definition.ts";
import type { SuiteCatalogue } from "./registry.ts";
import { runCheck, type CheckBody } from "./run-check.ts";
import { SuiteEnvironment } from "./suite-environment.ts";
import { schemaCheckResults } from "./schema-checks.ts";

/** Task meta keys through which results travel from the workers to the CLI's collector. */
export const checkMetaKey = "uscCheck";
export const suiteMetaKey = "uscSuiteChecks";

declare module "vitest" {
  interface TaskMeta {
    uscCheck?: CheckResult;
    uscSuiteChecks?: CheckResult[];
    uscRunErrors?: string[];
  }
}

export interface SuiteBuilder {
  dialect: Dialect;
  env: SuiteEnvironment;
  /** Registers a check declared in the suite's catalogue; its body runs with a CheckContext. */
  check: (id: string, body: CheckBody) => void;
}

/**
 * Declares a conformance suite: for every dialect of the run, a vitest `describe` whose tests are the
 * catalogue's checks. Each test records its CheckResult in task meta and passes in vitest terms (unless the
 * run is not record-only), because vitest's pass/fail is not the whole verdict: skip, blocked, warn and
 * error are ours. Schema checks and teardown run after the suite's last check.
 */
export function conformanceSuite(catalogue: SuiteCatalogue, define: (s: SuiteBuilder) => void): void {
  const run = inject(runContextKey);
  const definitions = new Map<string, CheckDefinition>(catalogue.checks.map((c) => [c.id, c]));
  for (const dialect of run.dialects) {
    describe(`${catalogue.suite} [${dialect}]`, () => {
      const env = new SuiteEnvironment(catalogue.suite, dialect, run);
      const registered = new Set<string>();
      beforeAll(async () => {
        await env.open();
      });
      define({
        dialect,
        env,
        check(id, body) {
          const definition = definitions.get(id);
          if (definition === undefined)
            throw new Error(`check ${id} is not declared in the ${catalogue.suite} catalogue`);
          if (registered.has(id))
            throw new Error(`check ${id} is registered twice in suite ${catalogue.suite}`);
          registered.add(id);
          it(id, async ({ task }) => {
            const result = await runCheck(definition, env.client, env.guard(body), {
              suite: catalogue.suite,
              insecure: run.insecure,
              extraSecrets: env.extraSecrets(),
            });
            task.meta.uscCheck = result;
            if (!run.recordOnly && (result.status === "fail" || result.status === "error")) {
              throw new Error(`${result.id}: ${result.message}`);
            }
          });
        },
      });
      // vitest reads the first parameter as a fixture pattern and insists on destructuring; the suite is second.
      // eslint-disable-next-line no-empty-pattern
      afterAll(async ({}, suite) => {
        suite.meta.uscSuiteChecks = schemaCheckResults(catalogue.suite, env, run.insecure);
        suite.meta.uscRunErrors = await env.close();
      });
    });
  }
}
