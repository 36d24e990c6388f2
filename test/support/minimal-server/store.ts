// The state of the minimal server and the operations on it, dialect-neutral: arguments in, result out (or a
// VapiError). Written from ../shared/reference/update-session-api-facts.md and spec/requirements.yaml.
import { createHash, randomUUID } from "node:crypto";
import { fail, VapiError } from "./vapi-error.ts";

/**
 * Where the documents allow more than one answer, the other one (spec/errata.yaml names each). All false is
 * this server's plain reading; the self-test also runs it with all true, so no check may depend on the choice.
 */
export interface Choices {
  /** E01: get results carry id. */
  idInGet: boolean;
  /** E30: no preview_info while there is nothing to preview (instead of UNAVAILABLE). */
  previewOnlyWithDescriptor: boolean;
  /** E24: validate refuses a session whose PUSH file was not received, instead of reporting it. */
  validateRefusesUnreceived: boolean;
  /** E32: an expired session stays, in state ERROR, instead of being deleted. */
  expiredKeptAsError: boolean;
  /** E09: resource_busy from create is 500 in rest too. */
  busy500: boolean;
  /** E10: fail outside ACTIVE answers 409 in rest (the only dialect a page gives it for). */
  fail409: boolean;
  /** complete.pull-may-return-early: complete returns while a PULL still runs; the session ends later. */
  completeReturnsEarly: boolean;
  /** E04: date-times in second precision with a numeric offset (RFC 3339, not the runtime's layout). */
  offsetDateTimes: boolean;
  /** E30: an AVAILABLE preview without the warnings member when there are none. */
  previewWithoutWarnings: boolean;
  /** E07: keep_alive refuses a client_progress below the current one (invalid_argument) instead of ignoring it. */
  lowerProgressRefused: boolean;
}

export const plainChoices: Choices = {
  idInGet: false,
  previewOnlyWithDescriptor: false,
  validateRefusesUnreceived: false,
  expiredKeptAsError: false,
  busy500: false,
  fail409: false,
  completeReturnsEarly: false,
  offsetDateTimes: false,
  previewWithoutWarnings: false,
  lowerProgressRefused: false,
};

export interface User {
  name: string;
  password: string;
  /** Holds ContentLibrary.UpdateSession on every item (create and filtered list need it). */
  updateSessionPrivilege: boolean;
  /** Holds ContentLibrary.ReadStorage on every item (a PULL from a file or ds URI needs it). */
  readStoragePrivilege: boolean;
}

interface StoredFile {
  name: string;
  size: number;
  content: Buffer;
}

interface Item {
  id: string;
  libraryId: string;
  name: string;
  type: string;
  contentVersion: number;
  files: Map<string, StoredFile>;
  created: string;
  sourceId?: string;
}

interface Library {
  id: string;
  name: string;
  type: "LOCAL" | "SUBSCRIBED";
  spec: Record<string, unknown>;
  created: string;
  publishedFrom?: string | undefined;
}

interface SessionFile {
  name: string;
  sourceType: "NONE" | "PUSH" | "PULL";
  status: "WAITING_FOR_TRANSFER" | "TRANSFERRING" | "READY" | "ERROR";
  declaredSize?: number;
  checksum?: { algorithm?: string; checksum: string };
  sourceEndpoint?: { uri: string };
  uploadToken?: string;
  received?: Buffer;
  error?: string;
  keepInStorage: boolean;
  pulling?: Promise<void>;
}

type State = "ACTIVE" | "DONE" | "ERROR" | "CANCELED";

interface Session {
  id: string;
  owner: string;
  itemId: string;
  contentVersion: number;
  progress: number;
  state: State;
  lastActivity: number;
  errorMessage?: string;
  warningBehavior?: { type: string; ignored: boolean }[];
  added: Map<string, SessionFile>;
  removed: Set<string>;
}

const warningTypes = [
  "SELF_SIGNED_CERTIFICATE",
  "EXPIRED_CERTIFICATE",
  "NOT_YET_VALID_CERTIFICATE",
  "UNTRUSTED_CERTIFICATE",
];
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const now = (): string => new Date().toISOString();
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const message = (id: string, text: string) => ({ id, default_message: text, args: [] as string[] });

/** OVF metadata files: kept out of the item after completion, and refused after the descriptor. */
const isOvfMetadata = (name: string): boolean => /\.(mf|cert)$/i.test(name);
const isOvfDescriptor = (name: string): boolean => /\.ovf$/i.test(name);

export class Store {
  private readonly libraries = new Map<string, Library>();
  private readonly items = new Map<string, Item>();
  private readonly sessions = new Map<string, Session>();
  private readonly clientTokens = new Map<string, string>();
  private counter = 0;

  constructor(
    private readonly idleTimeoutMs: number,
    private readonly choices: Choices = plainChoices,
  ) {}

  private newId(kind: string): string {
    this.counter += 1;
    return `${kind}-${this.counter}-${randomUUID().slice(0, 8)}`;
  }

  // ---------------------------------------------------------------- provisioning

  datastores() {
    return [
      { datastore: "datastore-1", name: "minimal-ds", type: "VMFS", free_space: 2 ** 40, capacity: 2 ** 41 },
    ];
  }

  createLibrary(type: Library["type"], spec: unknown, baseUrl: string): string {
    if (!isRecord(spec) || typeof spec.name !== "string") return fail("invalid_argument", "name is required");
    const id = this.newId("library");
    let publishedFrom: string | undefined;
    if (type === "SUBSCRIBED") {
      const url = isRecord(spec.subscription_info) ? spec.subscription_info.subscription_url : undefined;
      publishedFrom = typeof url === "string" ? /\/minimal-publish\/([^/]+)\//.exec(url)?.[1] : undefined;
      if (publishedFrom === undefined || !this.libraries.has(publishedFrom)) {
        return fail("invalid_argument", "subscription_url names no published library of this server");
      }
    }
    const stored: Record<string, unknown> = { ...spec };
    if (isRecord(spec.publish_info) && spec.publish_info.published === true) {
      stored.publish_info = {
        ...spec.publish_info,
        publish_url: `${baseUrl}/minimal-publish/${id}/lib.json`,
      };
    }
    this.libraries.set(id, { id, name: spec.name, type, spec: stored, created: now(), publishedFrom });
    return id;
  }

  getLibrary(type: Library["type"], id: string) {
    const library = this.libraries.get(id);
    if (library?.type !== type) return fail("not_found", `no ${type.toLowerCase()} library ${id}`);
    return { ...library.spec, id, name: library.name, type, creation_time: library.created };
  }

  deleteLibrary(type: Library["type"], id: string): void {
    this.getLibrary(type, id);
    for (const item of [...this.items.values()]) if (item.libraryId === id) this.deleteItem(item.id);
    this.libraries.delete(id);
  }

  syncLibrary(id: string): void {
    const library = this.libraries.get(id);
    if (library?.type !== "SUBSCRIBED") return fail("not_found", `no subscribed library ${id}`);
    const mirrored = new Set(
      [...this.items.values()].filter((i) => i.libraryId === id).map((i) => i.sourceId),
    );
    for (const source of [...this.items.values()]) {
      if (source.libraryId !== library.publishedFrom || mirrored.has(source.id)) continue;
      const copy = this.newId("item");
      this.items.set(copy, {
        ...source,
        id: copy,
        libraryId: id,
        files: new Map(source.files),
        sourceId: source.id,
      });
    }
  }

  createItem(spec: unknown): string {
    if (!isRecord(spec) || typeof spec.name !== "string" || typeof spec.library_id !== "string") {
      return fail("invalid_argument", "library_id and name are required");
    }
    if (!this.libraries.has(spec.library_id)) return fail("not_found", `no library ${spec.library_id}`);
    const id = this.newId("item");
    const type = typeof spec.type === "string" ? spec.type : "";
    this.items.set(id, {
      id,
      libraryId: spec.library_id,
      name: spec.name,
      type,
      contentVersion: 1,
      files: new Map(),
      created: now(),
    });
    return id;
  }

  private item(id: string): Item {
    return this.items.get(id) ?? fail("not_found", `no library item ${id}`);
  }

  listItems(libraryId: string): string[] {
    if (!this.libraries.has(libraryId)) return fail("not_found", `no library ${libraryId}`);
    return [...this.items.values()].filter((i) => i.libraryId === libraryId).map((i) => i.id);
  }

  getItem(id: string) {
    const item = this.item(id);
    const size = [...item.files.values()].reduce((sum, f) => sum + f.size, 0);
    return {
      id,
      library_id: item.libraryId,
      content_version: String(item.contentVersion),
      name: item.name,
      type: item.type,
      size,
      cached: true,
      creation_time: item.created,
      ...(item.sourceId === undefined ? {} : { source_id: item.sourceId }),
    };
  }

  deleteItem(id: string): void {
    this.item(id);
    this.items.delete(id);
    for (const [sid, s] of this.sessions) if (s.itemId === id) this.sessions.delete(sid);
  }

  itemFiles(id: string) {
    return [...this.item(id).files.values()].map((f) => ({
      name: f.name,
      size: f.size,
      cached: true,
      version: "1",
    }));
  }

  // ---------------------------------------------------------------- update sessions

  private dateTime(millis: number): string {
    const iso = new Date(millis).toISOString();
    return this.choices.offsetDateTimes ? `${iso.slice(0, 19)}+00:00` : iso;
  }

  /** Idle ACTIVE sessions past their expiration_time are removed (fact sheet section 5, "Expiration"). */
  private expire(): void {
    // A transfer in progress is activity: a PULL the server is still fetching keeps its session alive.
    const limit = Date.now() - this.idleTimeoutMs;
    for (const [id, s] of this.sessions) {
      const transferring = [...s.added.values()].some((f) => f.status === "TRANSFERRING");
      if (s.state !== "ACTIVE" || s.lastActivity >= limit || transferring) continue;
      if (!this.choices.expiredKeptAsError) this.sessions.delete(id);
      else [s.state, s.errorMessage] = ["ERROR", "the update session expired"];
    }
  }

  private session(id: string): Session {
    this.expire();
    return this.sessions.get(id) ?? fail("not_found", `no update session ${id}`);
  }

  private active(id: string): Session {
    const s = this.session(id);
    if (s.state !== "ACTIVE")
      fail("not_allowed_in_current_state", `update session ${id} is ${s.state}, not ACTIVE`);
    return s;
  }

  private checkWarningBehavior(value: unknown): { type: string; ignored: boolean }[] | undefined {
    if (value === undefined || value === null) return undefined;
    const valid =
      Array.isArray(value) &&
      value.every(
        (w) => isRecord(w) && warningTypes.includes(w.type as string) && typeof w.ignored === "boolean",
      );
    if (!valid)
      return fail(
        "invalid_argument",
        "warning_behavior entries need a WarningType type and a boolean ignored",
      );
    return (value as { type: string; ignored: boolean }[]).map((w) => ({ type: w.type, ignored: w.ignored }));
  }

  createSession(user: User, spec: unknown, clientToken: unknown): string {
    this.expire();
    if (!isRecord(spec) || typeof spec.library_item_id !== "string") {
      return fail("invalid_argument", "the create spec must name library_item_id");
    }
    if (clientToken !== undefined && (typeof clientToken !== "string" || !uuidPattern.test(clientToken))) {
      return fail("invalid_argument", "client_token is not a UUID");
    }
    const warningBehavior = this.checkWarningBehavior(spec.warning_behavior);
    const item = this.item(spec.library_item_id);
    if (!user.updateSessionPrivilege)
      return fail("unauthorized", "ContentLibrary.UpdateSession is required on the item");
    if (this.libraries.get(item.libraryId)?.type === "SUBSCRIBED") {
      return fail("invalid_element_type", "items of a subscribed library cannot be updated");
    }
    // UUIDs compare case-insensitively (RFC 4122 section 3).
    const tokenKey =
      typeof clientToken === "string" ? `${user.name}\n${clientToken.toLowerCase()}` : undefined;
    const earlier = tokenKey === undefined ? undefined : this.clientTokens.get(tokenKey);
    if (earlier !== undefined && this.sessions.has(earlier)) return earlier;
    for (const s of this.sessions.values()) {
      if (s.itemId === item.id && s.state === "ACTIVE") {
        throw new VapiError("resource_busy", `item ${item.id} already has an active update session`, {
          rest: this.choices.busy500 ? 500 : 400,
          api: 500,
        });
      }
    }
    const id = this.newId("session");
    this.sessions.set(id, {
      id,
      owner: user.name,
      itemId: item.id,
      contentVersion: item.contentVersion,
      progress: 0,
      state: "ACTIVE",
      lastActivity: Date.now(),
      ...(warningBehavior === undefined ? {} : { warningBehavior }),
      added: new Map(),
      removed: new Set(),
    });
    if (tokenKey !== undefined) this.clientTokens.set(tokenKey, id);
    return id;
  }

  getSession(id: string) {
    const s = this.session(id);
    const preview = this.preview(s);
    return {
      ...(this.choices.idInGet ? { id } : {}),
      library_item_id: s.itemId,
      library_item_content_version: String(s.contentVersion),
      client_progress: s.progress,
      state: s.state,
      expiration_time: this.dateTime(s.lastActivity + this.idleTimeoutMs),
      ...(s.errorMessage === undefined
        ? {}
        : { error_message: message("com.vmware.content.updatesession.client_error", s.errorMessage) }),
      ...(s.state === "ACTIVE" && preview !== undefined ? { preview_info: preview } : {}),
      ...(s.warningBehavior === undefined ? {} : { warning_behavior: s.warningBehavior }),
    };
  }

  /** UNAVAILABLE without an OVF descriptor; PREPARING until it is received; then AVAILABLE (unsigned: no certificate). */
  private preview(s: Session) {
    const descriptor = [...s.added.values()].find((f) => isOvfDescriptor(f.name));
    if (descriptor === undefined)
      return this.choices.previewOnlyWithDescriptor ? undefined : { state: "UNAVAILABLE" };
    if (descriptor.status !== "READY") return { state: "PREPARING" };
    return this.choices.previewWithoutWarnings
      ? { state: "AVAILABLE" }
      : { state: "AVAILABLE", warnings: [] };
  }

  listSessions(user: User, itemId: unknown): string[] {
    this.expire();
    if (typeof itemId === "string") {
      this.item(itemId);
      if (!user.updateSessionPrivilege)
        return fail("unauthorized", "ContentLibrary.UpdateSession is required on the item");
    }
    return [...this.sessions.values()]
      .filter((s) => s.owner === user.name && (itemId === undefined || s.itemId === itemId))
      .map((s) => s.id);
  }

  updateSession(id: string, spec: unknown): void {
    const s = this.session(id);
    if (!isRecord(spec)) return fail("invalid_argument", "the update spec must be an object");
    const warningBehavior = this.checkWarningBehavior(spec.warning_behavior);
    this.active(id);
    if (warningBehavior !== undefined) s.warningBehavior = warningBehavior;
    s.lastActivity = Date.now();
  }

  deleteSession(id: string): void {
    const s = this.session(id);
    if (s.state === "ACTIVE")
      fail("not_allowed_in_current_state", "an ACTIVE update session cannot be deleted");
    this.sessions.delete(id);
  }

  keepAlive(id: string, progress: unknown): void {
    const s = this.active(id);
    if (progress !== undefined && progress !== null) {
      if (typeof progress !== "number" || !Number.isInteger(progress) || progress < 0 || progress > 100) {
        return fail("invalid_argument", "client_progress must be an integer from 0 to 100");
      }
      if (progress < s.progress && this.choices.lowerProgressRefused) {
        return fail("invalid_argument", `client_progress ${progress} is below the current ${s.progress}`);
      }
      s.progress = Math.max(s.progress, progress);
    }
    s.lastActivity = Date.now();
  }

  cancel(id: string): void {
    this.active(id).state = "CANCELED";
  }

  failSession(id: string, clientMessage: unknown): void {
    if (typeof clientMessage !== "string")
      return fail("invalid_argument", "client_error_message is required");
    const s = this.session(id);
    if (s.state !== "ACTIVE") {
      const status = this.choices.fail409 ? { rest: 409, api: 400 } : undefined;
      throw new VapiError("not_allowed_in_current_state", `update session ${id} is ${s.state}`, status);
    }
    s.state = "ERROR";
    s.errorMessage = clientMessage;
  }

  async complete(id: string): Promise<void> {
    const pending = [...this.active(id).added.values()].flatMap((f) => (f.pulling ? [f.pulling] : []));
    if (pending.length > 0 && this.choices.completeReturnsEarly) {
      // The session ends once the transfers land: DONE if they all arrived intact, ERROR otherwise.
      void Promise.all(pending).then(() =>
        this.complete(id).catch(() => this.failSession(id, "a PULL transfer failed")),
      );
      return;
    }
    await Promise.all(pending);
    const s = this.active(id);
    const unready = [...s.added.values()].find((f) => f.status !== "READY");
    if (unready !== undefined) {
      return fail("not_allowed_in_current_state", `file ${unready.name} has not been received correctly`);
    }
    const item = this.item(s.itemId);
    for (const name of s.removed) item.files.delete(name);
    for (const f of s.added.values()) {
      if (!f.keepInStorage) continue;
      const content = f.received ?? Buffer.alloc(0);
      item.files.set(f.name, { name: f.name, size: content.length, content });
    }
    item.contentVersion += 1;
    s.state = "DONE";
  }

  // ---------------------------------------------------------------- files of a session

  private fileInfo(f: SessionFile, baseUrl: string) {
    const received = f.received?.length ?? 0;
    return {
      name: f.name,
      source_type: f.sourceType,
      status: f.status,
      bytes_transferred: received,
      keep_in_storage: f.keepInStorage,
      ...(f.status === "READY" ? { size: received } : {}),
      ...(f.checksum === undefined ? {} : { checksum_info: f.checksum }),
      ...(f.sourceEndpoint === undefined ? {} : { source_endpoint: f.sourceEndpoint }),
      ...(f.uploadToken === undefined
        ? {}
        : { upload_endpoint: { uri: `${baseUrl}/minimal-upload/${f.uploadToken}` } }),
      ...(f.error === undefined
        ? {}
        : { error_message: message("com.vmware.content.updatesession.file_error", f.error) }),
    };
  }

  private itemFileInfo(f: StoredFile) {
    return {
      name: f.name,
      source_type: "NONE",
      status: "READY",
      bytes_transferred: f.size,
      size: f.size,
      keep_in_storage: true,
    };
  }

  addFile(user: User, id: string, spec: unknown, baseUrl: string) {
    const s = this.session(id);
    const sourceTypes = ["NONE", "PUSH", "PULL"];
    if (
      !isRecord(spec) ||
      typeof spec.name !== "string" ||
      spec.name === "" ||
      !sourceTypes.includes(spec.source_type as string)
    ) {
      return fail("invalid_argument", "the file spec needs a name and a source_type of NONE, PUSH or PULL");
    }
    const endpoint = spec.source_endpoint;
    if (spec.source_type === "PULL" && !(isRecord(endpoint) && typeof endpoint.uri === "string")) {
      return fail("invalid_argument", "a PULL file needs source_endpoint.uri");
    }
    const fromStorage = spec.source_type === "PULL" && /^(file|ds):/i.test((endpoint as { uri: string }).uri);
    if (fromStorage && !user.readStoragePrivilege)
      return fail("unauthorized", "ContentLibrary.ReadStorage is required to pull from a file or datastore");
    const checksum = spec.checksum_info;
    const algorithms = [undefined, "SHA1", "MD5", "SHA256", "SHA512"];
    const checksumValid =
      isRecord(checksum) &&
      typeof checksum.checksum === "string" &&
      algorithms.includes(checksum.algorithm as string);
    if (checksum !== undefined && !checksumValid) {
      return fail(
        "invalid_argument",
        "checksum_info needs a checksum and, if any, an algorithm of SHA1, MD5, SHA256 or SHA512",
      );
    }
    if (spec.size !== undefined && !(Number.isInteger(spec.size) && (spec.size as number) >= 0)) {
      return fail("invalid_argument", "size must be a non-negative integer");
    }
    this.active(id);
    const ovfItem = this.item(s.itemId).type.toLowerCase() === "ovf";
    const hasDescriptor = [...s.added.values()].some((f) => isOvfDescriptor(f.name));
    if (ovfItem && isOvfMetadata(spec.name) && hasDescriptor) {
      return fail(
        "not_allowed_in_current_state",
        "manifest and certificate files must be added before the OVF descriptor",
      );
    }
    const file: SessionFile = {
      name: spec.name,
      sourceType: spec.source_type as SessionFile["sourceType"],
      status: spec.source_type === "NONE" ? "READY" : "WAITING_FOR_TRANSFER",
      ...(spec.size === undefined ? {} : { declaredSize: spec.size as number }),
      ...(isRecord(checksum) ? { checksum: checksum as SessionFile["checksum"] & object } : {}),
      keepInStorage: !(ovfItem && isOvfMetadata(spec.name)),
    };
    if (file.sourceType === "PUSH") file.uploadToken = randomUUID();
    if (file.sourceType === "PULL") {
      file.sourceEndpoint = endpoint as { uri: string };
      file.status = "TRANSFERRING";
      file.pulling = this.pull(file).finally(() => {
        s.lastActivity = Date.now();
        delete file.pulling;
      });
    }
    s.removed.delete(spec.name);
    s.added.set(spec.name, file);
    s.lastActivity = Date.now();
    return this.fileInfo(file, baseUrl);
  }

  private async pull(file: SessionFile): Promise<void> {
    try {
      const response = await fetch(file.sourceEndpoint!.uri);
      if (!response.ok) throw new Error(`the source answered ${response.status}`);
      this.receive(file, Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      file.status = "ERROR";
      file.error = `pulling ${file.sourceEndpoint!.uri} failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Content arrived: counted, then checked against the declared size and checksum (AddSpec, fact sheet 2.4). */
  private receive(file: SessionFile, content: Buffer): void {
    file.received = content;
    file.status = "READY";
    delete file.error;
    if (file.declaredSize !== undefined && file.declaredSize !== content.length) {
      file.status = "ERROR";
      file.error = `received ${content.length} bytes, the file spec declared ${file.declaredSize}`;
    } else if (file.checksum !== undefined) {
      const algorithm = (file.checksum.algorithm ?? "SHA1").toLowerCase();
      const actual = createHash(algorithm).update(content).digest("hex");
      if (actual !== file.checksum.checksum.toLowerCase()) {
        file.status = "ERROR";
        file.error = `the content's ${algorithm} checksum does not match the file spec`;
      }
    }
  }

  /** PUT (or POST) of a file's content to its upload endpoint; the endpoint is the credential. */
  upload(token: string, content: Buffer): void {
    this.expire();
    for (const s of this.sessions.values()) {
      for (const f of s.added.values()) {
        if (f.uploadToken !== token) continue;
        if (s.state !== "ACTIVE")
          return fail("not_allowed_in_current_state", `update session ${s.id} is ${s.state}`);
        this.receive(f, content);
        s.lastActivity = Date.now();
        return;
      }
    }
    fail("not_found", "no file waits for content at this endpoint");
  }

  /** The files the item will have on completion: its own minus those removed, plus those added. */
  listFiles(id: string, baseUrl: string) {
    const s = this.session(id);
    const own = [...this.item(s.itemId).files.values()]
      .filter((f) => !s.removed.has(f.name) && !s.added.has(f.name))
      .map((f) => this.itemFileInfo(f));
    return [...own, ...[...s.added.values()].map((f) => this.fileInfo(f, baseUrl))];
  }

  getFile(id: string, name: unknown, baseUrl: string) {
    const found = this.listFiles(id, baseUrl).find((f) => f.name === name);
    return found ?? fail("invalid_argument", `${String(name)} is not a file of this update session`);
  }

  removeFile(id: string, name: unknown): void {
    const s = this.session(id);
    if (typeof name !== "string") return fail("invalid_argument", "file_name is required");
    // Removal takes effect at completion, which a session that is no longer ACTIVE will never reach; the
    // documents list no state error for remove, so the refusal is their invalid_argument.
    if (s.state !== "ACTIVE")
      return fail("invalid_argument", `update session ${id} is ${s.state}, not ACTIVE`);
    const ofItem = this.item(s.itemId).files.has(name);
    if (!ofItem && !s.added.has(name)) return fail("invalid_argument", `${name} is not a file of the item`);
    s.added.delete(name);
    if (ofItem) s.removed.add(name);
    s.lastActivity = Date.now();
  }

  validate(id: string) {
    const s = this.active(id);
    const unreceived = [...s.added.values()].find((f) => f.status === "WAITING_FOR_TRANSFER");
    if (this.choices.validateRefusesUnreceived && unreceived !== undefined) {
      return fail("not_allowed_in_current_state", `file ${unreceived.name} has not been received`);
    }
    const invalid = [...s.added.values()]
      .filter((f) => f.status !== "READY")
      .map((f) => ({
        name: f.name,
        error_message: message(
          "com.vmware.content.updatesession.file_invalid",
          f.error ?? `${f.name} is ${f.status}`,
        ),
      }));
    // An OVF descriptor's References name files the item needs: one the session will not have is missing.
    const present = (name: string) =>
      s.added.has(name) || (this.item(s.itemId).files.has(name) && !s.removed.has(name));
    const referenced = [...s.added.values()]
      .filter((f) => f.status === "READY" && f.name.toLowerCase().endsWith(".ovf"))
      .flatMap((f) =>
        [...(f.received ?? Buffer.alloc(0)).toString("utf8").matchAll(/ovf:href="([^"]*)"/g)].map(
          (m) => m[1] ?? "",
        ),
      );
    const missing = [...new Set(referenced)].filter((name) => name !== "" && !present(name));
    return {
      has_errors: invalid.length + missing.length > 0,
      missing_files: missing,
      invalid_files: invalid,
    };
  }
}
