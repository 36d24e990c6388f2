import type { Exchange } from "../results/model.ts";
import type { ModelRequirementId } from "./requirements.ts";

/**
 * The target answered something the model of the documents does not allow. Thrown by a command, caught by
 * fast-check (which then shrinks the sequence); carries the requirement the assertion stands for and the
 * exchange the verdict rests on.
 */
export class Divergence extends Error {
  readonly requirement: ModelRequirementId;
  readonly expected: string;
  readonly actual: string;
  readonly exchange: Exchange | undefined;
  constructor(details: {
    requirement: ModelRequirementId;
    what: string;
    expected: string;
    actual: string;
    exchange: Exchange | undefined;
  }) {
    super(`${details.what}: expected ${details.expected}, got ${details.actual} [${details.requirement}]`);
    this.requirement = details.requirement;
    this.expected = details.expected;
    this.actual = details.actual;
    this.exchange = details.exchange;
  }
}
