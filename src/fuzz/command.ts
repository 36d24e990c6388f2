import type { AsyncCommand } from "fast-check";
import type { FuzzTarget } from "./fuzz-target.ts";
import type { FuzzModel, ModelSession } from "./model.ts";

/**
 * A fuzz command: one operation (and, where it judges itself by them, the reads right after it) against the
 * target, predicted by the model. `label` names the numbered step of a counterexample in terms of the
 * sequence's own sessions and items.
 */
export abstract class FuzzCommand implements AsyncCommand<FuzzModel, FuzzTarget> {
  abstract label(model: Readonly<FuzzModel>): string;
  abstract check(model: Readonly<FuzzModel>): boolean;
  protected abstract execute(model: FuzzModel, target: FuzzTarget): Promise<void>;

  async run(model: FuzzModel, target: FuzzTarget): Promise<void> {
    target.beginStep(this.label(model));
    await this.execute(model, target);
  }

  toString(): string {
    return this.constructor.name;
  }
}

/** A command on one of the sequence's sessions (deleted ones included: they must stay gone). */
export abstract class SessionCommand extends FuzzCommand {
  constructor(readonly pick: number) {
    super();
  }

  check(model: Readonly<FuzzModel>): boolean {
    return model.sessions.length > 0;
  }

  protected index(model: Readonly<FuzzModel>): number {
    return this.pick % model.sessions.length;
  }

  protected session(model: FuzzModel): ModelSession {
    return model.sessions[this.index(model)] as ModelSession;
  }

  /** `session 2 (item 1)`: sessions numbered in the order the sequence created them. */
  protected sessionLabel(model: Readonly<FuzzModel>): string {
    const index = this.index(model);
    return `session ${index + 1} (item ${(model.sessions[index]?.item ?? 0) + 1})`;
  }
}

export function sessionParams(session: ModelSession) {
  return { params: { update_session_id: session.id } };
}

/** Two names: a remove or a second add meets the file an earlier step added often enough. */
export const fileNames = ["a.txt", "b.txt"] as const;
export const warningTypes = [
  "SELF_SIGNED_CERTIFICATE",
  "EXPIRED_CERTIFICATE",
  "NOT_YET_VALID_CERTIFICATE",
] as const;
