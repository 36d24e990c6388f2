import { loadRequirements } from "../../spec/index.ts";
import type { ApiClient } from "../client/api-client.ts";
import { NoResponseError } from "../client/api-client.ts";
import { toCurl } from "../http/curl.ts";
import { redactorFor } from "../http/redact.ts";
import { redactExchange } from "./redact-exchange.ts";
import type { CheckResult, CheckStatus, Exchange } from "../results/model.ts";
import { CheckContext } from "./check-context.ts";
import type { CheckDefinition } from "../catalogue/definition.ts";
import { CheckBlocked, CheckFailed, CheckSkipped } from "./outcomes.ts";

export type CheckBody = (t: CheckContext) => Promise<void> | void;

let quotes: Map<string, string> | undefined;

function quoteOf(requirements: readonly string[]): string | undefined {
  quotes ??= new Map(loadRequirements().map((r) => [r.id, r.quote]));
  for (const id of requirements) {
    const quote = quotes.get(id);
    if (quote !== undefined) return quote;
  }
  return undefined;
}

export interface CheckRunOptions {
  suite: string;
  insecure: boolean;
  /** Secrets known now beyond the client's own (other users' passwords, earlier tokens). */
  extraSecrets?: readonly string[];
}

/**
 * Runs one check body and turns however it ended into a CheckResult: return = pass; CheckFailed = fail
 * (warn for SHOULD/MAY or a soft failure); CheckSkipped = skip; CheckBlocked = blocked; anything else,
 * including no response from the target, = error. Transcripts are redacted here, once, with every secret.
 */
export async function runCheck(
  definition: CheckDefinition,
  client: ApiClient,
  body: CheckBody,
  options: CheckRunOptions,
): Promise<CheckResult> {
  const started = performance.now();
  const t = new CheckContext(client);
  let status: CheckStatus = "pass";
  let message = "as documented";
  let expected: string | undefined;
  let actual: string | undefined;
  let verdictExchange: Exchange | undefined;
  try {
    await body(t);
  } catch (error) {
    if (error instanceof CheckFailed) {
      status = error.soft || definition.level !== "MUST" ? "warn" : "fail";
      message = error.message;
      expected = error.expected;
      actual = error.actual;
      verdictExchange = error.exchange;
    } else if (error instanceof CheckSkipped) {
      status = "skip";
      message = error.message;
    } else if (error instanceof CheckBlocked) {
      status = "blocked";
      message = error.message;
    } else if (error instanceof NoResponseError) {
      status = "error";
      message = `no response from the target: ${error.message}`;
      t.transcript.push(error.exchange);
      verdictExchange = error.exchange;
    } else {
      status = "error";
      message = `harness error: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const secrets = [...client.secrets(), ...(options.extraSecrets ?? [])];
  const redact = redactorFor(secrets);
  const transcript = t.transcript.map((exchange) => redactExchange(exchange, redact));
  const focus = verdictExchange ?? t.focus;
  const curlSource = focus === undefined ? undefined : transcript[t.transcript.indexOf(focus)];
  return {
    id: definition.id,
    suite: options.suite,
    dialect: client.dialect,
    level: definition.level,
    requirements: definition.requirements,
    title: definition.title,
    status,
    message: redact.text(message),
    expected: expected === undefined ? undefined : redact.text(expected),
    actual: actual === undefined ? undefined : redact.text(actual),
    quote: quoteOf(definition.requirements),
    transcript,
    curl: curlSource === undefined ? undefined : toCurl(curlSource, { insecure: options.insecure }),
    durationMs: Math.round(performance.now() - started),
  };
}
