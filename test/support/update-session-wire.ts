import type { Dialect } from "../../spec/index.ts";
import type { ReferenceClient, Reply, RequestOptions } from "./reference-client.ts";

/**
 * The update session API in one dialect, for the server self-tests: paths, wrapping and success codes.
 * Methods return the raw reply; `must` turns an unexpected status into an error that shows the body.
 */
export class Wire {
  readonly dialect: Dialect;
  readonly client: ReferenceClient;

  constructor(dialect: Dialect, client: ReferenceClient) {
    this.dialect = dialect;
    this.client = client;
  }

  get rest(): boolean {
    return this.dialect === "rest";
  }

  /** Success status of an operation with a result (create and file add: 201 in api). */
  get createdStatus(): number {
    return this.rest ? 200 : 201;
  }

  /** Success status of a void operation. */
  get voidStatus(): number {
    return this.rest ? 200 : 204;
  }

  /** The result inside a successful reply. */
  value<T = unknown>(reply: Reply): T {
    return (this.rest ? (reply.json as { value: T }).value : reply.json) as T;
  }

  /** The standard error type of an error reply, upper case (`NOT_FOUND`), from either shape. */
  errorType(reply: Reply): string | undefined {
    const body = reply.json as { type?: string; error_type?: string } | undefined;
    if (this.rest) return body?.type?.replace("com.vmware.vapi.std.errors.", "").toUpperCase();
    return body?.error_type;
  }

  must(reply: Reply, status: number, what: string): Reply {
    if (reply.status !== status)
      throw new Error(`${this.dialect} ${what}: expected ${status}, got ${reply.status} ${reply.text}`);
    return reply;
  }

  #send(method: string, path: string, options?: RequestOptions): Promise<Reply> {
    return this.client.request(method, path, options);
  }

  #sessionPath(id: string, action?: string): string {
    const base = this.rest
      ? `/rest/com/vmware/content/library/item/update-session/id:${encodeURIComponent(id)}`
      : `/api/content/library/item/update-session/${encodeURIComponent(id)}`;
    return action === undefined ? base : `${base}?${this.rest ? "~action" : "action"}=${action}`;
  }

  #filePath(id: string, action?: string): string {
    const base = this.rest
      ? `/rest/com/vmware/content/library/item/updatesession/file/id:${encodeURIComponent(id)}`
      : `/api/content/library/item/update-session/${encodeURIComponent(id)}/file`;
    return action === undefined ? base : `${base}?${this.rest ? "~action" : "action"}=${action}`;
  }

  // ---------------------------------------------------------------- provisioning

  async createLibrary(options: { published?: boolean } = {}): Promise<string> {
    const spec = {
      name: `usc-test-${Math.random().toString(36).slice(2)}`,
      type: "LOCAL",
      storage_backings: [{ type: "DATASTORE", datastore_id: "datastore-11" }],
      ...(options.published === true
        ? { publish_info: { published: true, authentication_method: "NONE" } }
        : {}),
    };
    const reply = this.rest
      ? await this.#send("POST", "/rest/com/vmware/content/local-library", { body: { create_spec: spec } })
      : await this.#send("POST", "/api/content/local-library", { body: spec });
    return this.value<string>(this.must(reply, this.createdStatus, "local library create"));
  }

  createSubscribedLibraryReply(subscriptionUrl: string): Promise<Reply> {
    const spec = {
      name: `usc-test-sub-${Math.random().toString(36).slice(2)}`,
      type: "SUBSCRIBED",
      storage_backings: [{ type: "DATASTORE", datastore_id: "datastore-11" }],
      subscription_info: {
        subscription_url: subscriptionUrl,
        automatic_sync_enabled: false,
        on_demand: false,
      },
    };
    return this.rest
      ? this.#send("POST", "/rest/com/vmware/content/subscribed-library", { body: { create_spec: spec } })
      : this.#send("POST", "/api/content/subscribed-library", { body: spec });
  }

  async createSubscribedLibrary(subscriptionUrl: string): Promise<string> {
    return this.value<string>(
      this.must(
        await this.createSubscribedLibraryReply(subscriptionUrl),
        this.createdStatus,
        "subscribed library create",
      ),
    );
  }

  getLibrary(id: string, kind: "local" | "subscribed" = "local"): Promise<Reply> {
    const collection = kind === "local" ? "local-library" : "subscribed-library";
    return this.rest
      ? this.#send("GET", `/rest/com/vmware/content/${collection}/id:${id}`)
      : this.#send("GET", `/api/content/${collection}/${id}`);
  }

  deleteLibrary(id: string, kind: "local" | "subscribed" = "local"): Promise<Reply> {
    const collection = kind === "local" ? "local-library" : "subscribed-library";
    return this.rest
      ? this.#send("DELETE", `/rest/com/vmware/content/${collection}/id:${id}`)
      : this.#send("DELETE", `/api/content/${collection}/${id}`);
  }

  syncLibrary(id: string): Promise<Reply> {
    return this.rest
      ? this.#send("POST", `/rest/com/vmware/content/subscribed-library/id:${id}?~action=sync`)
      : this.#send("POST", `/api/content/subscribed-library/${id}?action=sync`);
  }

  async createItem(libraryId: string, name = `item-${Math.random().toString(36).slice(2)}`): Promise<string> {
    const spec = { library_id: libraryId, name, type: "ovf" };
    const reply = this.rest
      ? await this.#send("POST", "/rest/com/vmware/content/library/item", { body: { create_spec: spec } })
      : await this.#send("POST", "/api/content/library/item", { body: spec });
    return this.value<string>(this.must(reply, this.createdStatus, "item create"));
  }

  /** A fresh local library with one item: what most tests start from. */
  async provisionItem(): Promise<string> {
    return this.createItem(await this.createLibrary());
  }

  listItems(libraryId: string): Promise<Reply> {
    return this.rest
      ? this.#send("GET", `/rest/com/vmware/content/library/item?library_id=${libraryId}`)
      : this.#send("GET", `/api/content/library/item?library_id=${libraryId}`);
  }

  getItem(id: string): Promise<Reply> {
    return this.rest
      ? this.#send("GET", `/rest/com/vmware/content/library/item/id:${id}`)
      : this.#send("GET", `/api/content/library/item/${id}`);
  }

  deleteItem(id: string): Promise<Reply> {
    return this.rest
      ? this.#send("DELETE", `/rest/com/vmware/content/library/item/id:${id}`)
      : this.#send("DELETE", `/api/content/library/item/${id}`);
  }

  itemFiles(id: string): Promise<Reply> {
    return this.rest
      ? this.#send("GET", `/rest/com/vmware/content/library/item/file?library_item_id=${id}`)
      : this.#send("GET", `/api/content/library/item/${id}/file`);
  }

  async item(id: string): Promise<{ content_version: string; size: number }> {
    return this.value(this.must(await this.getItem(id), 200, "item get"));
  }

  async itemFileNames(id: string): Promise<string[]> {
    return this.value<Array<{ name: string }>>(
      this.must(await this.itemFiles(id), 200, "item file list"),
    ).map((file) => file.name);
  }

  // ---------------------------------------------------------------- update sessions

  create(
    itemId: string,
    options: { clientToken?: string; spec?: Record<string, unknown> } = {},
  ): Promise<Reply> {
    const spec = options.spec ?? { library_item_id: itemId };
    if (this.rest) {
      const body =
        options.clientToken === undefined
          ? { create_spec: spec }
          : { client_token: options.clientToken, create_spec: spec };
      return this.#send("POST", "/rest/com/vmware/content/library/item/update-session", { body });
    }
    const query =
      options.clientToken === undefined ? "" : `?client_token=${encodeURIComponent(options.clientToken)}`;
    return this.#send("POST", `/api/content/library/item/update-session${query}`, { body: spec });
  }

  async createId(itemId: string): Promise<string> {
    return this.value<string>(
      this.must(await this.create(itemId), this.createdStatus, "update session create"),
    );
  }

  get(id: string): Promise<Reply> {
    return this.#send("GET", this.#sessionPath(id));
  }

  async session(id: string): Promise<SessionModel> {
    return this.value<SessionModel>(this.must(await this.get(id), 200, "update session get"));
  }

  list(itemId?: string): Promise<Reply> {
    const base = this.rest
      ? "/rest/com/vmware/content/library/item/update-session"
      : "/api/content/library/item/update-session";
    return this.#send(
      "GET",
      itemId === undefined ? base : `${base}?library_item_id=${encodeURIComponent(itemId)}`,
    );
  }

  update(id: string, spec: unknown): Promise<Reply> {
    return this.#send("PATCH", this.#sessionPath(id), { body: this.rest ? { update_spec: spec } : spec });
  }

  delete(id: string): Promise<Reply> {
    return this.#send("DELETE", this.#sessionPath(id));
  }

  complete(id: string): Promise<Reply> {
    return this.#send("POST", this.#sessionPath(id, "complete"));
  }

  cancel(id: string): Promise<Reply> {
    return this.#send("POST", this.#sessionPath(id, "cancel"));
  }

  fail(id: string, message: string): Promise<Reply> {
    return this.#send("POST", this.#sessionPath(id, "fail"), { body: { client_error_message: message } });
  }

  keepAlive(id: string, progress?: number): Promise<Reply> {
    return this.#send(
      "POST",
      this.#sessionPath(id, "keep-alive"),
      progress === undefined ? {} : { body: { client_progress: progress } },
    );
  }

  // ---------------------------------------------------------------- files

  addFile(id: string, spec: unknown): Promise<Reply> {
    return this.rest
      ? this.#send("POST", this.#filePath(id, "add"), { body: { file_spec: spec } })
      : this.#send("POST", this.#filePath(id), { body: spec });
  }

  async addPushFile(id: string, spec: Record<string, unknown>): Promise<FileInfo> {
    const reply = await this.addFile(id, { source_type: "PUSH", ...spec });
    return this.value<FileInfo>(this.must(reply, this.createdStatus, "file add"));
  }

  getFile(id: string, name: string): Promise<Reply> {
    return this.rest
      ? this.#send("POST", this.#filePath(id, "get"), { body: { file_name: name } })
      : this.#send("GET", `${this.#filePath(id)}/${encodeURIComponent(name)}`);
  }

  async file(id: string, name: string): Promise<FileInfo> {
    return this.value<FileInfo>(this.must(await this.getFile(id, name), 200, "file get"));
  }

  listFiles(id: string): Promise<Reply> {
    return this.rest
      ? this.#send(
          "GET",
          `/rest/com/vmware/content/library/item/updatesession/file?update_session_id=${encodeURIComponent(id)}`,
        )
      : this.#send("GET", this.#filePath(id));
  }

  removeFile(id: string, name: string): Promise<Reply> {
    return this.rest
      ? this.#send("POST", this.#filePath(id, "remove"), { body: { file_name: name } })
      : this.#send("DELETE", `${this.#filePath(id)}/${encodeURIComponent(name)}`);
  }

  validate(id: string): Promise<Reply> {
    return this.#send("POST", this.#filePath(id, "validate"));
  }

  /** Sends bytes to an upload endpoint the server handed out. */
  upload(
    uri: string,
    bytes: string | Uint8Array | AsyncIterable<Uint8Array>,
    options: { method?: string; token?: string | null } = {},
  ): Promise<Reply> {
    return this.client.request(options.method ?? "PUT", uri, {
      rawBody: bytes,
      headers: { "content-type": "application/octet-stream" },
      ...(options.token === undefined ? {} : { token: options.token }),
    });
  }

  /** Adds a PUSH file and uploads its bytes in one go. */
  async pushFile(id: string, name: string, bytes: string): Promise<FileInfo> {
    const info = await this.addPushFile(id, { name, size: Buffer.byteLength(bytes) });
    this.must(await this.upload(info.upload_endpoint?.uri ?? "", bytes), 200, "upload");
    return this.file(id, name);
  }
}

export interface SessionModel {
  id?: string;
  library_item_id: string;
  library_item_content_version: string;
  client_progress: number;
  state: string;
  expiration_time: string;
  error_message?: { id: string; default_message: string; args: string[] };
  preview_info?: { state: string };
  warning_behavior?: Array<{ type: string; ignored: boolean }>;
}

export interface FileInfo {
  name: string;
  source_type: string;
  status: string;
  bytes_transferred: number;
  size?: number;
  checksum_info?: { algorithm?: string; checksum: string };
  upload_endpoint?: { uri: string; ssl_certificate_thumbprint?: string };
  error_message?: { id: string; default_message: string };
  keep_in_storage?: boolean;
}
