import { Divergence } from "./divergence.ts";
import { FuzzCommand, SessionCommand, sessionParams } from "./command.ts";
import { answerOf, asRecord, expectEqual, expectError, expectSuccess, expectThat } from "./expect.ts";
import type { FuzzTarget } from "./fuzz-target.ts";
import { fileBytes, missingFiles, type FuzzModel, type ModelFile, type ModelSession } from "./model.ts";
import { pushFileSpec } from "../../fixtures/create-specs.ts";

function expectGone(response: Awaited<ReturnType<FuzzTarget["call"]>>, what: string): void {
  expectError(response, "not_found", "delete.removes-session", `${what} of a deleted session`);
}

/** A file as file get and file list show it: what the model knows of it. */
function expectFileInfo(
  info: Record<string, unknown>,
  file: ModelFile,
  response: Awaited<ReturnType<FuzzTarget["call"]>>,
  requirement: "file.get.returns-info" | "file.list.all-files",
): void {
  expectEqual(info.name, file.name, requirement, "name", response);
  expectEqual(info.source_type, file.sourceType, requirement, `source_type of ${file.name}`, response);
  expectEqual(
    info.status,
    file.status,
    file.sourceType === "PUSH" && file.status === "READY" ? "upload.ready-after-transfer" : requirement,
    `status of ${file.name}`,
    response,
  );
  expectEqual(
    info.bytes_transferred,
    file.status === "READY" ? file.size : 0,
    requirement,
    `bytes_transferred of ${file.name}`,
    response,
  );
}

export class FileAddCommand extends SessionCommand {
  constructor(
    pick: number,
    readonly name: string,
  ) {
    super(pick);
  }

  label(model: Readonly<FuzzModel>): string {
    return `file add ${this.name} (PUSH) to ${this.sessionLabel(model)}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const size = fileBytes(this.name).byteLength;
    const response = await target.call("updateSession.file.add", {
      ...sessionParams(session),
      body: pushFileSpec(this.name, { size }),
    });
    if (session.deleted) return expectGone(response, "file add");
    if (session.state !== "ACTIVE") {
      expectError(
        response,
        "not_allowed_in_current_state",
        "file.add.requires-active",
        `file add to a ${session.state} session`,
      );
      return;
    }
    expectSuccess(response, "file.add.push-waiting-for-transfer", "file add to an ACTIVE session");
    const info = asRecord(response.value);
    expectEqual(info.name, this.name, "file.add.push-waiting-for-transfer", "name", response);
    expectEqual(
      info.status,
      "WAITING_FOR_TRANSFER",
      "file.add.push-waiting-for-transfer",
      "status",
      response,
    );
    const uri = asRecord(info.upload_endpoint).uri;
    expectThat(
      typeof uri === "string" && /^https?:\/\//.test(uri),
      "file.add.push-upload-endpoint",
      "upload_endpoint.uri",
      "an http(s) URI",
      JSON.stringify(uri),
      response,
    );
    // Same name again replaces the file: the map keeps one entry per name.
    session.files.delete(this.name);
    session.files.set(this.name, {
      name: this.name,
      sourceType: "PUSH",
      status: "WAITING_FOR_TRANSFER",
      size,
      uploadUri: uri as string,
    });
  }
}

/** The files an upload can go to: added, not yet received, in a live ACTIVE session. */
function uploadable(
  model: Readonly<FuzzModel>,
): Array<{ session: ModelSession; file: ModelFile; index: number }> {
  return model.sessions.flatMap((session, index) =>
    session.deleted || session.state !== "ACTIVE"
      ? []
      : [...session.files.values()]
          .filter((file) => file.status === "WAITING_FOR_TRANSFER" && file.uploadUri !== undefined)
          .map((file) => ({ session, file, index })),
  );
}

export class UploadCommand extends FuzzCommand {
  constructor(readonly pick: number) {
    super();
  }

  check(model: Readonly<FuzzModel>): boolean {
    return uploadable(model).length > 0;
  }

  #target(model: Readonly<FuzzModel>) {
    const candidates = uploadable(model);
    return candidates[this.pick % candidates.length] as (typeof candidates)[number];
  }

  label(model: Readonly<FuzzModel>): string {
    const { file, index } = this.#target(model);
    return `upload ${file.name} of session ${index + 1} (PUT)`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const { file } = this.#target(model);
    const exchange = await target.upload(file.uploadUri as string, fileBytes(file.name));
    const status = exchange.response?.status ?? 0;
    if (status < 200 || status >= 300) {
      throw new Divergence({
        requirement: "upload.push-put",
        what: `upload of ${file.name} with PUT`,
        expected: "a 2xx status",
        actual: String(status),
        exchange,
      });
    }
    file.status = "READY";
  }
}

export class FileGetCommand extends SessionCommand {
  constructor(
    pick: number,
    readonly name: string,
  ) {
    super(pick);
  }

  label(model: Readonly<FuzzModel>): string {
    return `file get ${this.name} of ${this.sessionLabel(model)}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const response = await target.call("updateSession.file.get", {
      params: { update_session_id: session.id, file_name: this.name },
    });
    if (session.deleted) return expectGone(response, "file get");
    const file = session.files.get(this.name);
    if (file === undefined) {
      expectError(
        response,
        "invalid_argument",
        "file.get.unknown-file.invalid-argument",
        `file get of ${this.name}, not a file of the session`,
      );
      return;
    }
    expectSuccess(response, "file.get.returns-info", `file get of ${this.name}`);
    expectFileInfo(asRecord(response.value), file, response, "file.get.returns-info");
  }
}

export class FileListCommand extends SessionCommand {
  label(model: Readonly<FuzzModel>): string {
    return `file list of ${this.sessionLabel(model)}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const response = await target.call("updateSession.file.list", sessionParams(session));
    if (session.deleted) return expectGone(response, "file list");
    expectSuccess(response, "file.list.all-files", "file list");
    const listed = Array.isArray(response.value) ? response.value.map(asRecord) : [];
    const names = listed.map((info) => String(info.name)).sort();
    expectEqual(
      names,
      [...session.files.keys()].sort(),
      "file.list.all-files",
      "the names file list shows",
      response,
    );
    for (const info of listed) {
      const file = session.files.get(String(info.name));
      if (file !== undefined) expectFileInfo(info, file, response, "file.list.all-files");
    }
  }
}

export class FileRemoveCommand extends SessionCommand {
  constructor(
    pick: number,
    readonly name: string,
  ) {
    super(pick);
  }

  label(model: Readonly<FuzzModel>): string {
    return `file remove ${this.name} from ${this.sessionLabel(model)}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const response = await target.call("updateSession.file.remove", {
      params: { update_session_id: session.id, file_name: this.name },
    });
    if (session.deleted) return expectGone(response, "file remove");
    if (!session.files.has(this.name)) {
      expectError(
        response,
        "invalid_argument",
        "file.remove.unknown-file.invalid-argument",
        `file remove of ${this.name}, not a file of the session`,
      );
      return;
    }
    if (session.state !== "ACTIVE") {
      // An ended session's files are final: remove is refused (the documents give invalid_argument for a
      // request remove cannot honour; not_allowed_in_current_state says the same).
      expectThat(
        !response.success &&
          (response.errorType === "invalid_argument" ||
            response.errorType === "not_allowed_in_current_state"),
        "file.remove.effective-at-completion",
        `file remove from a ${session.state} session`,
        "refusal with invalid_argument or not_allowed_in_current_state",
        answerOf(response),
        response,
      );
      return;
    }
    expectSuccess(response, "file.remove.effective-at-completion", `file remove of ${this.name}`);
    session.files.delete(this.name);
  }
}

export class ValidateCommand extends SessionCommand {
  label(model: Readonly<FuzzModel>): string {
    return `file validate of ${this.sessionLabel(model)}`;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const session = this.session(model);
    const response = await target.call("updateSession.file.validate", sessionParams(session));
    if (session.deleted) return expectGone(response, "file validate");
    if (session.state !== "ACTIVE") {
      expectError(
        response,
        "not_allowed_in_current_state",
        "file.validate.requires-active",
        `file validate of a ${session.state} session`,
      );
      return;
    }
    const missing = missingFiles(session).sort();
    const requirement = missing.length > 0 ? "file.validate.missing-files" : "file.validate.clean-session";
    expectSuccess(response, requirement, "file validate of an ACTIVE session");
    const result = asRecord(response.value);
    expectEqual(result.has_errors, missing.length > 0, requirement, "has_errors", response);
    const reported = Array.isArray(result.missing_files)
      ? (result.missing_files as unknown[]).map(String).sort()
      : result.missing_files;
    expectEqual(reported, missing, requirement, "missing_files", response);
    expectEqual(result.invalid_files, [], requirement, "invalid_files", response);
  }
}
