/**
 * The records of update sessions and their files: the state get answers from, and so the one place where
 * a session changes (see Revision). Dialect-neutral, like the rest of server/state/model.ts.
 */
import type {
  Checksum,
  LocalizableMessage,
  SourceType,
  TransferStatus,
  UpdateSessionState,
  WarningBehavior,
} from "./model.ts";

/** A file as an update session sees it: the item's snapshot (source NONE) or one added in the session. */
export interface SessionFileFields {
  name: string;
  sourceType: SourceType;
  status: TransferStatus;
  bytesTransferred: number;
  /** Known once the file is READY (or from the snapshot). */
  size: number | undefined;
  declaredSize: number | undefined;
  declaredChecksum: Checksum | undefined;
  sourceEndpoint: { uri: string; sslCertificateThumbprint: string | undefined } | undefined;
  uploadUri: string | undefined;
  errorMessage: LocalizableMessage | undefined;
  /** SHA-1 of the received bytes (or of the snapshot file): what the item reports once the session completes. */
  sha1: string | undefined;
  /** For a received OVF descriptor: the file names its References section names (what validate requires). */
  references?: string[] | undefined;
  /** For a received manifest or signing certificate (.mf, .cert): its text, which the preview verifies. */
  text?: string | undefined;
  /**
   * Bumped whenever the file is added again or its transfer starts over, so a transfer that is still
   * streaming for an older generation can tell it has been superseded and must not touch the record.
   */
  generation: number;
}

/**
 * How many times an update session's record or one of its files' records changed. The faithful server
 * keeps the view it answered for a session while this count stands (server/operations/views.ts), so
 * every change must count: the records below are frozen, every member that can change is an accessor
 * whose setter counts, and the object values they hold are frozen too (replaced, never edited).
 */
export class Revision {
  count = 0;
}

/** Freezes a record's object value (a message, a checksum, a list) and everything in it. */
function frozen<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.freeze(value);
    for (const member of Object.values(value)) frozen(member);
  }
  return value;
}

/** A session file's record: see SessionFileFields and Revision. */
export class SessionFile implements SessionFileFields {
  readonly name: string;
  /** The count of the session holding the file (see UpdateSession); the file's own until it joins one. */
  #revision = new Revision();
  #attached = false;
  #sourceType: SourceType;
  #status: TransferStatus;
  #bytesTransferred: number;
  #size: number | undefined;
  #declaredSize: number | undefined;
  #declaredChecksum: Checksum | undefined;
  #sourceEndpoint: SessionFileFields["sourceEndpoint"];
  #uploadUri: string | undefined;
  #errorMessage: LocalizableMessage | undefined;
  #sha1: string | undefined;
  #references: string[] | undefined;
  #text: string | undefined;
  #generation: number;

  constructor(fields: SessionFileFields) {
    this.name = fields.name;
    this.#sourceType = fields.sourceType;
    this.#status = fields.status;
    this.#bytesTransferred = fields.bytesTransferred;
    this.#size = fields.size;
    this.#declaredSize = fields.declaredSize;
    this.#declaredChecksum = frozen(fields.declaredChecksum);
    this.#sourceEndpoint = frozen(fields.sourceEndpoint);
    this.#uploadUri = fields.uploadUri;
    this.#errorMessage = frozen(fields.errorMessage);
    this.#sha1 = fields.sha1;
    this.#references = frozen(fields.references);
    this.#text = fields.text;
    this.#generation = fields.generation;
    Object.freeze(this);
  }

  /** Counts this file's changes as changes of the session that holds it (the first one only: files never move). */
  attach(revision: Revision): void {
    if (this.#attached) return;
    this.#attached = true;
    this.#revision = revision;
  }

  #changed(): void {
    this.#revision.count++;
  }

  get sourceType() {
    return this.#sourceType;
  }
  set sourceType(value) {
    this.#sourceType = value;
    this.#changed();
  }
  get status() {
    return this.#status;
  }
  set status(value) {
    this.#status = value;
    this.#changed();
  }
  get bytesTransferred() {
    return this.#bytesTransferred;
  }
  set bytesTransferred(value) {
    this.#bytesTransferred = value;
    this.#changed();
  }
  get size() {
    return this.#size;
  }
  set size(value) {
    this.#size = value;
    this.#changed();
  }
  get declaredSize() {
    return this.#declaredSize;
  }
  set declaredSize(value) {
    this.#declaredSize = value;
    this.#changed();
  }
  get declaredChecksum() {
    return this.#declaredChecksum;
  }
  set declaredChecksum(value) {
    this.#declaredChecksum = frozen(value);
    this.#changed();
  }
  get sourceEndpoint() {
    return this.#sourceEndpoint;
  }
  set sourceEndpoint(value) {
    this.#sourceEndpoint = frozen(value);
    this.#changed();
  }
  get uploadUri() {
    return this.#uploadUri;
  }
  set uploadUri(value) {
    this.#uploadUri = value;
    this.#changed();
  }
  get errorMessage() {
    return this.#errorMessage;
  }
  set errorMessage(value) {
    this.#errorMessage = frozen(value);
    this.#changed();
  }
  get sha1() {
    return this.#sha1;
  }
  set sha1(value) {
    this.#sha1 = value;
    this.#changed();
  }
  get references() {
    return this.#references;
  }
  set references(value) {
    this.#references = frozen(value);
    this.#changed();
  }
  get text() {
    return this.#text;
  }
  set text(value) {
    this.#text = value;
    this.#changed();
  }
  get generation() {
    return this.#generation;
  }
  set generation(value) {
    this.#generation = value;
    this.#changed();
  }
}

/** A session's files, name -> file in insertion order; adding or removing one counts as a change. */
export class SessionFiles extends Map<string, SessionFile> {
  readonly #revision: Revision;

  constructor(revision: Revision, files: Iterable<SessionFile>) {
    super();
    this.#revision = revision;
    for (const file of files) this.set(file.name, file);
  }

  override set(name: string, file: SessionFile): this {
    file.attach(this.#revision);
    super.set(name, file);
    this.#revision.count++;
    return this;
  }

  override delete(name: string): boolean {
    this.#revision.count++;
    return super.delete(name);
  }

  override clear(): void {
    this.#revision.count++;
    super.clear();
  }
}

/** An update session as operations build it; `files` are the item's snapshot at first. */
export interface UpdateSessionFields {
  id: string;
  owner: string;
  itemId: string;
  itemContentVersion: number;
  state: UpdateSessionState;
  clientProgress: number;
  lastActivityAt: number;
  /** Milliseconds without activity after which this ACTIVE session expires (fixed when it is created). */
  idleTimeoutMs: number;
  /** When the session left ACTIVE; terminal sessions are purged a retention period later. */
  endedAt: number | undefined;
  errorMessage: LocalizableMessage | undefined;
  warningBehavior: WarningBehavior[];
  files: Iterable<SessionFile>;
  /**
   * complete was called while PULL transfers were still running: the session stays ACTIVE and completes
   * (or fails) when the last of them settles, as documented for content the server pulls.
   */
  completionRequested: boolean;
  clientToken: string | undefined;
}

/** An update session's record: see UpdateSessionFields and Revision. */
export class UpdateSession {
  readonly id: string;
  readonly owner: string;
  readonly itemContentVersion: number;
  readonly idleTimeoutMs: number;
  readonly clientToken: string | undefined;
  /** Name -> file, in insertion order: the snapshot first, then files added in the session. */
  readonly files: SessionFiles;
  readonly #revision = new Revision();
  #itemId: string;
  #state: UpdateSessionState;
  #clientProgress: number;
  #lastActivityAt: number;
  #endedAt: number | undefined;
  #errorMessage: LocalizableMessage | undefined;
  #warningBehavior: readonly WarningBehavior[];
  #completionRequested: boolean;

  constructor(fields: UpdateSessionFields) {
    this.id = fields.id;
    this.owner = fields.owner;
    this.#itemId = fields.itemId;
    this.itemContentVersion = fields.itemContentVersion;
    this.idleTimeoutMs = fields.idleTimeoutMs;
    this.clientToken = fields.clientToken;
    this.files = new SessionFiles(this.#revision, fields.files);
    this.#state = fields.state;
    this.#clientProgress = fields.clientProgress;
    this.#lastActivityAt = fields.lastActivityAt;
    this.#endedAt = fields.endedAt;
    this.#errorMessage = frozen(fields.errorMessage);
    this.#warningBehavior = frozen(fields.warningBehavior);
    this.#completionRequested = fields.completionRequested;
    Object.freeze(this);
  }

  /** Changes of this record and of its files' records so far (see Revision). */
  get revision(): number {
    return this.#revision.count;
  }

  /** A detached copy with some members changed, for a fault that shows a session as it is not (its files are shared). */
  seenAs(changes: Partial<Pick<UpdateSessionFields, "state" | "completionRequested">>): UpdateSession {
    return new UpdateSession({ ...this.#fields(), ...changes });
  }

  #fields(): UpdateSessionFields {
    const { id, owner, itemContentVersion, idleTimeoutMs, clientToken, files } = this;
    return {
      id,
      owner,
      itemId: this.#itemId,
      itemContentVersion,
      idleTimeoutMs,
      clientToken,
      files: files.values(),
      state: this.#state,
      clientProgress: this.#clientProgress,
      lastActivityAt: this.#lastActivityAt,
      endedAt: this.#endedAt,
      errorMessage: this.#errorMessage,
      warningBehavior: [...this.#warningBehavior],
      completionRequested: this.#completionRequested,
    };
  }

  #changed(): void {
    this.#revision.count++;
  }

  get itemId() {
    return this.#itemId;
  }
  set itemId(value) {
    this.#itemId = value;
    this.#changed();
  }
  get state() {
    return this.#state;
  }
  set state(value) {
    this.#state = value;
    this.#changed();
  }
  get clientProgress() {
    return this.#clientProgress;
  }
  set clientProgress(value) {
    this.#clientProgress = value;
    this.#changed();
  }
  get lastActivityAt() {
    return this.#lastActivityAt;
  }
  set lastActivityAt(value) {
    this.#lastActivityAt = value;
    this.#changed();
  }
  get endedAt() {
    return this.#endedAt;
  }
  set endedAt(value) {
    this.#endedAt = value;
    this.#changed();
  }
  get errorMessage() {
    return this.#errorMessage;
  }
  set errorMessage(value) {
    this.#errorMessage = frozen(value);
    this.#changed();
  }
  get warningBehavior(): readonly WarningBehavior[] {
    return this.#warningBehavior;
  }
  set warningBehavior(value: readonly WarningBehavior[]) {
    this.#warningBehavior = frozen(value);
    this.#changed();
  }
  get completionRequested() {
    return this.#completionRequested;
  }
  set completionRequested(value) {
    this.#completionRequested = value;
    this.#changed();
  }
}
