/**
 * `conformance()`: the suites registered as tests of the caller's vitest file, one test per check, the
 * way a mock-server author runs a shared behaviour suite inside their own tests. The only module of the
 * package that imports vitest (an optional peer dependency), so the CLI runs without it.
 */
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, test, type TestContext } from "vitest";
import { dialects as allDialects, type Dialect } from "../../spec/index.ts";
import { conformanceSuites } from "../../suites/index.ts";
import { protocolCatalogue } from "../catalogue/protocol.checks.ts";
import { schemaCheckResults } from "../checks/schema-checks.ts";
import { registrationOrder, SuiteInstance, type ConformanceSuite } from "../checks/suite.ts";
import { defaultStateDir } from "../ledger/index.ts";
import { withDeadline } from "../run/run-suites.ts";
import { openTarget, type OpenedTarget } from "./open.ts";
import { checkOptions, type ConformanceOptions } from "./options.ts";
import { foldSchemaResults, testVerdict, type FailOn, type TestVerdict } from "./verdict.ts";

const defaultTimeoutMs = 10_000;
const schemaCheck = protocolCatalogue.checks[0];

/**
 * An assertion failure whose message is the whole story: the stack would point into this package, not at
 * the target's behaviour, so it is left out of what vitest prints.
 */
class ConformanceFailure extends Error {
  override name = "ConformanceFailure";
  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

async function apply(verdict: TestVerdict, context: TestContext): Promise<void> {
  switch (verdict.kind) {
    case "pass":
      return;
    case "warn":
      await context.annotate(verdict.note, "warning");
      return;
    case "skip":
      context.skip(verdict.note);
      return;
    case "fail":
      throw new ConformanceFailure(verdict.message);
  }
}

interface Run {
  opened: OpenedTarget | undefined;
  failOn: FailOn;
  checkTimeoutMs: number;
  insecure: boolean;
  skipReason: (id: string) => string | undefined;
  /** Never aborted: a check stops at its own deadline, as in `usc run`. */
  signal: AbortSignal;
}

/**
 * One suite in one dialect: a describe block whose tests run one after another (later checks may use what
 * earlier ones produced) while other suites' blocks run beside it, as `usc run`'s pool runs them.
 */
function registerSuite(suite: ConformanceSuite, dialect: Dialect, run: Run, passwords: string[]): void {
  const name = suite.catalogue.suite;
  const definitions = new Map(suite.catalogue.checks.map((check) => [check.id, check]));
  describe(`${name} [${dialect}]`, { concurrent: true }, () => {
    let instance: SuiteInstance | undefined;
    let absent: string | undefined;
    const secrets = () => [
      ...passwords,
      ...(instance === undefined ? [] : [...instance.env.client.secrets(), ...instance.env.extraSecrets()]),
    ];
    const ready = (context: TestContext): SuiteInstance => {
      if (absent !== undefined) context.skip(absent);
      if (instance === undefined)
        throw new ConformanceFailure(`the ${name} suite was not opened in the ${dialect} dialect`);
      return instance;
    };

    beforeAll(async () => {
      const opened = run.opened;
      if (opened === undefined) return;
      const refused = opened.blocked.get(dialect);
      if (refused !== undefined)
        throw new ConformanceFailure(`the ${dialect} dialect could not be set up: ${refused}`);
      if (!opened.context.dialects.includes(dialect)) {
        absent = `the target does not serve the ${dialect} dialect`;
        return;
      }
      instance = new SuiteInstance(suite, dialect, opened.context);
      await instance.open();
    }, run.checkTimeoutMs);

    afterAll(async () => {
      if (instance === undefined) return;
      const { runErrors } = await instance.finish();
      if (runErrors.length > 0) throw new ConformanceFailure(runErrors.join("\n"));
    }, run.checkTimeoutMs);

    const order = registrationOrder(suite, dialect);
    // As in `usc run`, later checks build on what earlier ones made (the lifecycle's session, its file): a
    // skip-listed check that a later, unskipped check follows still runs, unreported, as that check's
    // set-up, so the later verdicts do not depend on the skip list.
    const lastRunning = order.findLastIndex((id) => run.skipReason(id) === undefined);
    order.forEach((id, index) => {
      const title = definitions.get(id)?.title ?? "";
      test.sequential(`${id}: ${title}`, { timeout: run.checkTimeoutMs + 30_000 }, async (context) => {
        const reason = run.skipReason(id);
        if (reason !== undefined && index > lastRunning) context.skip(reason);
        const current = ready(context);
        const check = current.checks.find((registered) => registered.definition.id === id);
        if (check === undefined)
          throw new ConformanceFailure(`check ${id} was not registered by the ${name} suite in ${dialect}`);
        const result = await withDeadline(current, check, run.checkTimeoutMs, run.signal);
        if (reason !== undefined) context.skip(reason);
        await apply(testVerdict(result, run.failOn, secrets()), context);
      });
    });

    if (schemaCheck !== undefined)
      test.sequential(`${schemaCheck.id}: ${schemaCheck.title}`, async (context) => {
        const reason = run.skipReason(schemaCheck.id);
        if (reason !== undefined) context.skip(reason);
        const current = ready(context);
        const folded = foldSchemaResults(schemaCheckResults(name, current.env, run.insecure));
        if (folded === undefined) context.skip(`the ${name} suite received no responses to validate`);
        else await apply(testVerdict(folded, run.failOn, secrets()), context);
      });
  });
}

/**
 * Registers the conformance suites as tests of the calling test file: the target is opened (dialect probe,
 * login, scratch library) in `beforeAll`, each check is one test, and `afterAll` removes what the run
 * created, then calls `teardown`. Options are checked at once: a wrong suite name or an unknown check id in
 * `skip` fails the file with its name before anything runs.
 */
export function conformance(options: ConformanceOptions): void {
  const checked = checkOptions(options, conformanceSuites);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const run: Run = {
    opened: undefined,
    failOn: options.failOn ?? "must",
    checkTimeoutMs: timeoutMs * 6,
    insecure: options.insecure ?? false,
    skipReason: checked.skipReason,
    signal: new AbortController().signal,
  };
  const passwords = [options.password, options.otherUser?.password, options.limitedUser?.password].filter(
    (secret): secret is string => secret !== undefined && secret !== "",
  );

  describe("update-session conformance", () => {
    beforeAll(async () => {
      const target = typeof options.target === "function" ? await options.target() : options.target;
      run.opened = await openTarget({
        target,
        username: options.username,
        password: options.password,
        dialects: checked.dialects,
        otherUser: options.otherUser,
        limitedUser: options.limitedUser,
        idleTimeoutSeconds: options.idleTimeoutSeconds,
        insecure: run.insecure,
        caFile: options.caFile,
        timeoutMs,
        stateDir: resolve(options.stateDir ?? defaultStateDir),
        datastore: options.datastore,
        subscribedItem: options.subscribedItem,
      }).catch((error: unknown) => {
        throw new ConformanceFailure(
          `cannot open the target: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }, timeoutMs * 12);

    afterAll(async () => {
      try {
        const left = (await run.opened?.close()) ?? [];
        if (left.length > 0)
          throw new ConformanceFailure(`scratch resources left on the target:\n${left.join("\n")}`);
      } finally {
        await options.teardown?.();
      }
    }, timeoutMs * 12);

    for (const suite of checked.suites)
      for (const dialect of checked.dialects ?? allDialects) registerSuite(suite, dialect, run, passwords);
  });
}
