import type { Dialect, Finding } from "../../spec/index.ts";
import type { Exchange } from "../results/model.ts";

/** A schema finding together with the exchange it was found in. */
export interface LoggedFinding {
  finding: Finding;
  exchange: Exchange;
}

/** An answer the check owning its request accepted, with that check's reason. */
export interface AcceptedAnswer {
  exchange: Exchange;
  reason: string;
}

interface OperationEntry {
  dialect: Dialect;
  responses: number;
  findings: LoggedFinding[];
  accepted: AcceptedAnswer[];
}

/**
 * Collects, per operation, every response validated and the findings against the spec. Each operation a
 * suite exercised becomes one `protocol.response-schema` check, so the schema rule is enforced on every
 * response while scenarios stay about behaviour.
 *
 * A check may accept an answer as "the target validly does not offer this" (an optional form answered
 * operation_not_found, a PULL add answered unsupported). That check owns the request and has judged the
 * answer: its findings are set aside, so one answer never gets a skip there and a failure here.
 */
export class FindingsLog {
  readonly #byOperation = new Map<string, OperationEntry>();
  readonly #accepted = new Map<Exchange, string>();

  record(dialect: Dialect, operationId: string, exchange: Exchange, findings: readonly Finding[]): void {
    const key = `${dialect} ${operationId}`;
    let entry = this.#byOperation.get(key);
    if (entry === undefined) {
      entry = { dialect, responses: 0, findings: [], accepted: [] };
      this.#byOperation.set(key, entry);
    }
    entry.responses += 1;
    for (const finding of findings) entry.findings.push({ finding, exchange });
  }

  /** The check owning the request of `exchange` accepted its answer (for `reason`). */
  accept(exchange: Exchange, reason: string): void {
    this.#accepted.set(exchange, reason);
  }

  /**
   * Operations seen, in the order first seen, with their response count, the findings of the answers no
   * check accepted, and the answers that were accepted.
   */
  entries(): Array<{ operationId: string } & OperationEntry> {
    return [...this.#byOperation.entries()].map(([key, value]) => {
      const accepted = new Map<Exchange, string>();
      for (const { exchange } of value.findings) {
        const reason = this.#accepted.get(exchange);
        if (reason !== undefined) accepted.set(exchange, reason);
      }
      return {
        dialect: value.dialect,
        responses: value.responses,
        findings: value.findings.filter(({ exchange }) => !accepted.has(exchange)),
        accepted: [...accepted].map(([exchange, reason]) => ({ exchange, reason })),
        operationId: key.slice(key.indexOf(" ") + 1),
      };
    });
  }
}
