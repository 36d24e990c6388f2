import { toCurl } from "../http/curl.ts";
import type { CheckResult } from "../results/model.ts";
import { protocolCatalogue } from "./protocol-catalogue.ts";
import type { SuiteEnvironment } from "./suite-environment.ts";
import { redactExchange } from "./redact-exchange.ts";

const definition = protocolCatalogue.checks[0];

/** How many offending exchanges a schema check keeps in its transcript: enough to act on, not a flood. */
const transcriptLimit = 3;

/** What the schema results read of a suite's environment (opening a target supplies the same for set-up). */
export type SchemaEvidence = Pick<SuiteEnvironment, "findings" | "client" | "extraSecrets"> & {
  run: Pick<SuiteEnvironment["run"], "password">;
};

/**
 * One `protocol.response-schema` result per operation the suite exercised in its dialect: pass when every
 * response matched the spec, fail listing the findings (each with its JSON path) otherwise.
 */
export function schemaCheckResults(suite: string, env: SchemaEvidence, insecure: boolean): CheckResult[] {
  if (definition === undefined) return [];
  const secrets = [...env.client.secrets(), ...env.extraSecrets(), env.run.password];
  return env.findings.entries().map(({ dialect, operationId, responses, findings }) => {
    const exchanges = [...new Set(findings.map((f) => f.exchange))].slice(0, transcriptLimit);
    const transcript = exchanges.map((exchange) => redactExchange(exchange, secrets));
    const first = findings[0];
    const firstExchange = transcript[0];
    const base = {
      id: definition.id,
      suite,
      dialect,
      level: definition.level,
      requirements: definition.requirements,
      title: `${operationId}: ${definition.title}`,
      quote: undefined,
      durationMs: 0,
    };
    if (first === undefined || firstExchange === undefined) {
      return {
        ...base,
        status: "pass" as const,
        message: `${responses} response(s) of ${operationId} matched the ${dialect} spec`,
        expected: undefined,
        actual: undefined,
        transcript: [],
        curl: undefined,
      };
    }
    const request = `${first.exchange.request.method} ${new URL(first.exchange.request.url).pathname}`;
    const lines = findings.slice(0, 20).map((f) => `${f.finding.message} [${f.finding.code}]`);
    return {
      ...base,
      status: "fail" as const,
      message: `${findings.length} finding(s) in ${responses} response(s) of ${operationId}; first: ${first.finding.message} (${request})`,
      expected: first.finding.expected,
      actual: lines.join("\n"),
      transcript,
      curl: toCurl(firstExchange, { insecure }),
    };
  });
}
