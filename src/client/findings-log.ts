import type { Dialect, Finding } from "../../spec/index.ts";
import type { Exchange } from "../results/model.ts";

/** A schema finding together with the exchange it was found in. */
export interface LoggedFinding {
  finding: Finding;
  exchange: Exchange;
}

/**
 * Collects, per operation, every response validated and the findings against the spec. Each operation a
 * suite exercised becomes one `protocol.response-schema` check, so the schema rule is enforced on every
 * response while scenarios stay about behaviour.
 */
export class FindingsLog {
  readonly #byOperation = new Map<
    string,
    { dialect: Dialect; responses: number; findings: LoggedFinding[] }
  >();

  record(dialect: Dialect, operationId: string, exchange: Exchange, findings: readonly Finding[]): void {
    const key = `${dialect} ${operationId}`;
    let entry = this.#byOperation.get(key);
    if (entry === undefined) {
      entry = { dialect, responses: 0, findings: [] };
      this.#byOperation.set(key, entry);
    }
    entry.responses += 1;
    for (const finding of findings) entry.findings.push({ finding, exchange });
  }

  /** Operations seen, in the order first seen, with their response count and findings. */
  entries(): Array<{ dialect: Dialect; operationId: string; responses: number; findings: LoggedFinding[] }> {
    return [...this.#byOperation.entries()].map(([key, value]) => ({
      ...value,
      operationId: key.slice(key.indexOf(" ") + 1),
    }));
  }
}
