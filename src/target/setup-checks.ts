import type { Dialect } from "../../spec/index.ts";
import type { ApiClient } from "../client/api-client.ts";
import { describeAnswer } from "../client/lenient.ts";
import { runCheck } from "../checks/run-check.ts";
import { schemaCheckResults } from "../checks/schema-checks.ts";
import type { CheckResult } from "../results/model.ts";
import type { TargetConnection } from "./connection.ts";
import { logIn, type LoginOutcome } from "./login.ts";
import { targetCatalogue } from "../catalogue/target.checks.ts";

const suite = targetCatalogue.suite;
const loginDefinition = targetCatalogue.checks.find((check) => check.id === "target.login");

/**
 * Logs the client in as the `target.login` check: pass with a token, fail with the answer as evidence
 * when the login is refused or carries no token. `outcome` is undefined when no answer came at all (the
 * result is then an error: nothing can be said about the target's login).
 */
export async function loginCheck(
  client: ApiClient,
  insecure: boolean,
  secrets: readonly string[],
): Promise<{ result: CheckResult; outcome: LoginOutcome | undefined }> {
  if (loginDefinition === undefined) throw new Error("the target catalogue declares no target.login");
  let outcome: LoginOutcome | undefined;
  const result = await runCheck(
    loginDefinition,
    client,
    async (t) => {
      outcome = await logIn(client);
      t.transcript.push(outcome.response.exchange);
      t.focus = outcome.response.exchange;
      if (outcome.status !== "ok")
        t.fail(
          outcome.status === "not-api" ? `${client.dialect} login: ${outcome.reason}` : outcome.reason,
          'a 2xx answer to POST with HTTP Basic credentials whose body is the session token (rest {"value": token}, api a JSON string)',
          describeAnswer(outcome.response),
        );
    },
    { suite, insecure, extraSecrets: secrets },
  );
  return { result, outcome };
}

/** `protocol.response-schema` of every response set-up received in the dialect (login, provisioning, teardown). */
export function setupSchemaChecks(
  connection: TargetConnection,
  dialect: Dialect,
  insecure: boolean,
  secrets: readonly string[],
): CheckResult[] {
  const client = connection.client(dialect);
  return schemaCheckResults(
    suite,
    {
      findings: connection.findings(dialect),
      client,
      extraSecrets: () => [...secrets],
      run: { password: secrets[0] ?? "" },
    },
    insecure,
  );
}
