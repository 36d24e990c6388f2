import { lenientValue } from "../client/lenient.ts";
import { FuzzCommand, SessionCommand, sessionParams } from "./command.ts";
import { answerOf, asRecord, expectEqual, expectError, expectSuccess, expectThat } from "./expect.ts";
import type { FuzzTarget } from "./fuzz-target.ts";
import {
  activeSessionOf,
  fileBytes,
  liveSessions,
  type FuzzModel,
  type ModelFile,
  type ModelSession,
} from "./model.ts";
import { createSpec, failSpec, updateSpec } from "../../fixtures/create-specs.ts";

/** The refusal every operation on a deleted session gets: the session is gone (delete.removes-session). */
function expectGone(response: Awaited<ReturnType<FuzzTarget["call"]>>, what: string): void {
  expectError(response, "not_found", "delete.removes-session", `${what} of a deleted session`);
}

/** create, with a client token slot or none, on one of the sequence's items. */
export class CreateCommand extends FuzzCommand {
  constructor(
    readonly item: number,
    /** Token slot, or undefined for a create without client_token. */
    readonly token: number | undefined,
  ) {
    super();
  }

  label(): string {
    return `create on item ${this.item + 1} ${this.token === undefined ? "without client_token" : `with client token ${String.fromCharCode(65 + this.token)}`}`;
  }

  check(): boolean {
    return true;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const item = model.items[this.item];
    if (item === undefined) return;
    const response = await target.call("updateSession.create", {
      body: createSpec(item.id),
      params: { client_token: this.token === undefined ? undefined : target.token(this.token) },
    });
    const value = lenientValue(response);
    if (typeof value === "string" && response.success) target.recordSession(value, item.id);

    const earlier = this.token === undefined ? undefined : model.tokens.get(this.token);
    const repeated = earlier === undefined ? undefined : model.sessions[earlier];
    if (repeated !== undefined && !repeated.deleted) {
      // The same token again: the session it created, nothing new (E29). On another item the documents are
      // silent; a refusal is accepted there, a second session never.
      if (repeated.item !== this.item && !response.success) return;
      expectSuccess(response, "create.client-token.idempotent", "create repeating a client token");
      expectEqual(
        value,
        repeated.id,
        "create.client-token.idempotent",
        "create repeating a client token",
        response,
      );
      return;
    }
    const active = activeSessionOf(model, this.item);
    if (active !== undefined) {
      expectError(
        response,
        "resource_busy",
        "create.one-active-session-per-item",
        "create on an item with an ACTIVE session",
      );
      return;
    }
    const endedBefore = model.sessions.some((session) => session.item === this.item);
    expectSuccess(
      response,
      endedBefore
        ? "create.after-terminal-allowed"
        : this.token === undefined
          ? "create.client-token.optional"
          : "create.returns-id",
      "create on an item without an ACTIVE session",
    );
    expectThat(
      typeof value === "string" && value !== "" && !liveSessions(model).some((s) => s.id === value),
      "create.returns-id",
      "create's result",
      "the identifier of a new session",
      JSON.stringify(value),
      response,
    );
    const files = new Map<string, ModelFile>();
    for (const name of item.files)
      files.set(name, {
        name,
        sourceType: "NONE",
        status: "READY",
        size: fileBytes(name).byteLength,
        uploadUri: undefined,
      });
    model.sessions.push({
      id: value as string,
      item: this.item,
      state: "ACTIVE",
      stateBecause: "state.initial-active",
      progress: 0,
      progressBecause: "create.initial-progress-zero",
      itemVersion: item.version,
      files,
      failMessage: undefined,
      warningBehavior: [],
      deleted: false,
    });
    if (this.token !== undefined) model.tokens.set(this.token, model.sessions.length - 1);
  }
}

export class GetCommand extends SessionCommand {
  label(model: Readonly<FuzzModel>): string {
    return `get ${this.sessionLabel(model)}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const response = await target.call("updateSession.get", sessionParams(session));
    if (session.deleted) return expectGone(response, "get");
    expectSuccess(response, "get.any-state", `get of a ${session.state} session`);
    const got = asRecord(response.value);
    expectEqual(got.state, session.state, session.stateBecause, "state", response);
    expectEqual(
      got.library_item_id,
      model.items[session.item]?.id,
      "get.returns-model",
      "library_item_id",
      response,
    );
    expectEqual(got.client_progress, session.progress, session.progressBecause, "client_progress", response);
    expectEqual(
      String(got.library_item_content_version),
      session.itemVersion,
      "create.content-version-snapshot",
      "library_item_content_version",
      response,
    );
    expectEqual(
      got.warning_behavior ?? [],
      session.warningBehavior,
      "update.applies-warning-behavior",
      "warning_behavior",
      response,
    );
    if (session.failMessage !== undefined) {
      const message = asRecord(got.error_message);
      const text = JSON.stringify([message.default_message, message.args]);
      expectThat(
        text.includes(session.failMessage),
        "fail.records-client-message",
        "error_message of a failed session",
        `a message carrying "${session.failMessage}"`,
        JSON.stringify(got.error_message) ?? "nothing",
        response,
      );
    }
  }
}

export class ListCommand extends FuzzCommand {
  constructor(readonly item: number | undefined) {
    super();
  }

  label(): string {
    return this.item === undefined ? "list" : `list filtered by item ${this.item + 1}`;
  }

  check(): boolean {
    return true;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const item = this.item === undefined ? undefined : model.items[this.item];
    const response = await target.call(
      "updateSession.list",
      item === undefined ? {} : { params: { library_item_id: item.id } },
    );
    expectSuccess(response, "list.returns-ids", this.label());
    const ids = Array.isArray(response.value) ? (response.value as unknown[]) : [];
    expectThat(
      Array.isArray(response.value) && ids.every((id) => typeof id === "string"),
      "list.returns-ids",
      "list's result",
      "an array of identifiers",
      JSON.stringify(response.value),
      response,
    );
    const live = liveSessions(model);
    const gone = model.sessions.filter((session) => session.deleted).map((session) => session.id);
    const listedGone = gone.filter((id) => ids.includes(id));
    expectThat(
      listedGone.length === 0,
      "delete.removes-session",
      "list",
      "no deleted session",
      JSON.stringify(listedGone),
      response,
    );
    if (this.item === undefined) {
      const missing = live.map((session) => session.id).filter((id) => !ids.includes(id));
      expectThat(
        missing.length === 0,
        "list.unfiltered-includes-own",
        "list without a filter",
        `every live session of the caller, with ${JSON.stringify(missing)}`,
        JSON.stringify(ids),
        response,
      );
      return;
    }
    const expected = live
      .filter((session) => session.item === this.item)
      .map((session) => session.id)
      .sort();
    expectEqual([...ids].sort(), expected, "list.filter-by-item", this.label(), response);
  }
}

export class UpdateCommand extends SessionCommand {
  constructor(
    pick: number,
    readonly type: string,
    readonly ignored: boolean,
  ) {
    super(pick);
  }

  label(model: Readonly<FuzzModel>): string {
    return `update ${this.sessionLabel(model)}: warning_behavior ${this.type} ignored=${this.ignored}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const behavior = [{ type: this.type, ignored: this.ignored }];
    const response = await target.call("updateSession.update", {
      ...sessionParams(session),
      body: updateSpec(behavior),
    });
    if (session.deleted) return expectGone(response, "update");
    if (session.state !== "ACTIVE") {
      expectError(
        response,
        "not_allowed_in_current_state",
        "update.requires-active",
        `update of a ${session.state} session`,
      );
      return;
    }
    expectSuccess(response, "update.applies-warning-behavior", "update of an ACTIVE session");
    session.warningBehavior = behavior;
  }
}

export class KeepAliveCommand extends SessionCommand {
  constructor(
    pick: number,
    readonly progress: number | undefined,
  ) {
    super(pick);
  }

  label(model: Readonly<FuzzModel>): string {
    return `keep_alive ${this.sessionLabel(model)}${this.progress === undefined ? " without client_progress" : ` with client_progress ${this.progress}`}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const response = await target.call("updateSession.keepAlive", {
      ...sessionParams(session),
      ...(this.progress === undefined ? {} : { body: { client_progress: this.progress } }),
    });
    if (this.progress !== undefined && this.progress > 100) {
      // Two reasons to refuse at once (the value, and a gone or ended session): either error is right.
      const other = session.deleted
        ? "not_found"
        : session.state !== "ACTIVE"
          ? "not_allowed_in_current_state"
          : undefined;
      expectThat(
        !response.success && (response.errorType === "invalid_argument" || response.errorType === other),
        "keep-alive.progress-above-max",
        "keep_alive with client_progress above 100",
        "refusal with invalid_argument",
        answerOf(response),
        response,
      );
      session.progressBecause = "keep-alive.progress-above-max";
      return;
    }
    if (session.deleted) return expectGone(response, "keep_alive");
    if (session.state !== "ACTIVE") {
      expectError(
        response,
        "not_allowed_in_current_state",
        "keep-alive.requires-active",
        `keep_alive of a ${session.state} session`,
      );
      session.progressBecause = "keep-alive.requires-active";
      return;
    }
    if (this.progress === undefined) {
      expectSuccess(response, "keep-alive.progress-optional", "keep_alive without client_progress");
      session.progressBecause = "keep-alive.progress-optional";
    } else if (this.progress > session.progress) {
      expectSuccess(response, "keep-alive.sets-progress", "keep_alive with a higher client_progress");
      session.progress = this.progress;
      session.progressBecause = "keep-alive.sets-progress";
    } else {
      // Lower or equal progress: ignored or refused (E07 records which); never lowers the progress.
      if (!response.success) return;
      session.progressBecause = "keep-alive.progress-not-lowered";
    }
  }
}

/** complete, cancel and fail: the three ways out of ACTIVE. */
abstract class EndCommand extends SessionCommand {
  protected refusedUnlessActive(
    session: ModelSession,
    response: Awaited<ReturnType<FuzzTarget["call"]>>,
    operation: string,
    requirement: "complete.requires-active" | "cancel.requires-active" | "fail.requires-active",
  ): boolean {
    if (session.deleted) {
      expectGone(response, operation);
      return true;
    }
    if (session.state === "ACTIVE") return false;
    expectError(
      response,
      "not_allowed_in_current_state",
      requirement,
      `${operation} of a ${session.state} session`,
    );
    session.stateBecause = requirement;
    return true;
  }
}

export class CompleteCommand extends EndCommand {
  label(model: Readonly<FuzzModel>): string {
    return `complete ${this.sessionLabel(model)}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const response = await target.call("updateSession.complete", sessionParams(session));
    if (this.refusedUnlessActive(session, response, "complete", "complete.requires-active")) return;
    const missing = [...session.files.values()].filter((file) => file.status !== "READY");
    if (missing.length > 0) {
      expectError(
        response,
        "not_allowed_in_current_state",
        "complete.files-not-received",
        `complete with ${missing.map((f) => f.name).join(", ")} not uploaded`,
      );
      session.stateBecause = "complete.files-not-received";
      return;
    }
    expectSuccess(
      response,
      "state.complete-to-done",
      "complete of an ACTIVE session whose files all arrived",
    );
    session.state = "DONE";
    session.stateBecause = "state.complete-to-done";
    const item = model.items[session.item];
    if (item === undefined) return;
    item.files = new Set(session.files.keys());
    item.filesBecause = "file.remove.effective-at-completion";
    // The new content is there when complete returns (PUSH): its content_version must have grown.
    const read = await target.call("library.item.get", { params: { library_item_id: item.id } });
    expectSuccess(read, "visibility.content-version-increases", "library item get after complete");
    const version = String(asRecord(read.value).content_version);
    expectThat(
      Number(version) > Number(session.itemVersion) ||
        (Number.isNaN(Number(version)) && version !== session.itemVersion),
      "visibility.content-version-increases",
      "the item's content_version after complete",
      `greater than ${session.itemVersion}`,
      version,
      read,
    );
    item.version = version;
  }
}

export class CancelCommand extends EndCommand {
  label(model: Readonly<FuzzModel>): string {
    return `cancel ${this.sessionLabel(model)}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const response = await target.call("updateSession.cancel", sessionParams(session));
    if (this.refusedUnlessActive(session, response, "cancel", "cancel.requires-active")) return;
    expectSuccess(response, "state.cancel-to-canceled", "cancel of an ACTIVE session");
    session.state = "CANCELED";
    session.stateBecause = "state.cancel-to-canceled";
    const item = model.items[session.item];
    if (item !== undefined) item.filesBecause = "cancel.discards-content";
  }
}

export class FailCommand extends SessionCommand {
  label(model: Readonly<FuzzModel>): string {
    return `fail ${this.sessionLabel(model)}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const message = `usc fuzz failed session ${this.index(model) + 1}`;
    const response = await target.call("updateSession.fail", {
      ...sessionParams(session),
      body: failSpec(message),
    });
    if (session.deleted) return expectGone(response, "fail");
    if (session.state !== "ACTIVE") {
      expectError(
        response,
        "not_allowed_in_current_state",
        "fail.requires-active",
        `fail of a ${session.state} session`,
      );
      session.stateBecause = "fail.requires-active";
      return;
    }
    expectSuccess(response, "state.fail-to-error", "fail of an ACTIVE session");
    session.state = "ERROR";
    session.stateBecause = "state.fail-to-error";
    session.failMessage = message;
  }
}

export class DeleteCommand extends SessionCommand {
  label(model: Readonly<FuzzModel>): string {
    return `delete ${this.sessionLabel(model)}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const response = await target.call("updateSession.delete", sessionParams(session));
    if (session.deleted) return expectGone(response, "delete");
    if (session.state === "ACTIVE") {
      expectError(
        response,
        "not_allowed_in_current_state",
        "delete.active.not-allowed",
        "delete of an ACTIVE session",
      );
      session.stateBecause = "delete.active.not-allowed";
      return;
    }
    expectSuccess(response, "delete.terminal-allowed", `delete of a ${session.state} session`);
    session.deleted = true;
    target.recordRemoved("update-session", session.id);
    const index = this.index(model);
    for (const [slot, created] of model.tokens) if (created === index) model.tokens.delete(slot);
  }
}
