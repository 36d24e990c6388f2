import { toCurl } from "../http/curl.ts";
import { redactorFor } from "../http/redact.ts";
import type { CheckResult } from "../results/model.ts";
import { protocolCatalogue } from "../catalogue/protocol.checks.ts";
import { requestFormLevel } from "./request-forms.ts";
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
 *
 * A response is judged at the level of its request form (request-forms.ts): findings in a form the
 * documents make optional warn, as the check owning that form does. Answers the owning check accepted as
 * "not offered" are set aside (FindingsLog); when every answer with findings was, the result is a skip.
 */
export function schemaCheckResults(suite: string, env: SchemaEvidence, insecure: boolean): CheckResult[] {
  if (definition === undefined) return [];
  const redact = redactorFor([...env.client.secrets(), ...env.extraSecrets(), env.run.password]);
  // By operation id, not by first call: the order requests go out varies with scheduling, reports must not.
  const entries = [...env.findings.entries()].sort((a, b) =>
    a.operationId < b.operationId ? -1 : a.operationId > b.operationId ? 1 : 0,
  );
  return entries.map(({ dialect, operationId, responses, findings, accepted }) => {
    const exchanges = [...new Set(findings.map((f) => f.exchange))].slice(0, transcriptLimit);
    const transcript = exchanges.map((exchange) => redactExchange(exchange, redact));
    const first = findings[0];
    const firstExchange = transcript[0];
    const level = requestFormLevel(dialect, operationId);
    const optional = level === "MUST" ? "" : ` (an optional form: ${level})`;
    const base = {
      id: definition.id,
      suite,
      dialect,
      level,
      requirements: definition.requirements,
      title: `${operationId}: ${definition.title}`,
      subject: operationId,
      quote: undefined,
      durationMs: 0,
    };
    const acceptedNote =
      accepted.length === 0
        ? ""
        : `; ${accepted.length} answer(s) set aside, accepted by the check that owns the request: ${accepted[0]?.reason ?? ""}`;
    if (first === undefined || firstExchange === undefined) {
      const judged = responses - accepted.length;
      return {
        ...base,
        status: judged === 0 ? ("skip" as const) : ("pass" as const),
        message:
          judged === 0
            ? `no response of ${operationId} to judge${acceptedNote}`
            : `${judged} response(s) of ${operationId} matched the ${dialect} spec${optional}${acceptedNote}`,
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
      status: level === "MUST" ? ("fail" as const) : ("warn" as const),
      message: `${findings.length} finding(s) in ${responses} response(s) of ${operationId}${optional}; first: ${first.finding.message} (${request})${acceptedNote}`,
      expected: first.finding.expected,
      actual: lines.join("\n"),
      transcript,
      curl: toCurl(firstExchange, { insecure }),
    };
  });
}
