import type { Dialect } from "../../spec/index.ts";
import { ApiClient } from "../client/api-client.ts";
import { FindingsLog } from "../client/findings-log.ts";
import { lenientValue } from "../client/lenient.ts";
import { createTransport, type Transport } from "../http/transport.ts";
import { ResourceLedger, scratchName } from "../ledger/index.ts";
import type { RunContext } from "./run-context.ts";
import type { CheckContext } from "./check-context.ts";
import type { CheckBody } from "./run-check.ts";
import { removeResource } from "./remove-resource.ts";

/**
 * One suite's connection to the target in one dialect: its client and session, its findings log, the
 * scratch items it creates (recorded in the run's ledger) and their teardown.
 */
export class SuiteEnvironment {
  readonly suite: string;
  readonly dialect: Dialect;
  readonly run: RunContext;
  readonly findings = new FindingsLog();
  readonly transport: Transport;
  readonly client: ApiClient;
  readonly ledger: ResourceLedger;
  #openError: string | undefined;
  /** Ids this suite created: the ledger is shared by every worker of the run, teardown must not be. */
  readonly #mine = new Set<string>();
  readonly #extraClients: ApiClient[] = [];

  constructor(suite: string, dialect: Dialect, run: RunContext) {
    this.suite = suite;
    this.dialect = dialect;
    this.run = run;
    this.transport = createTransport({
      insecure: run.insecure,
      ...(run.caFile === undefined ? {} : { caFile: run.caFile }),
      timeoutMs: run.timeoutMs,
      proxy: run.proxy,
      // Bodies and URLs are scrubbed of every credential this suite's clients hold, as they are stored.
      secrets: () => this.#transportSecrets(),
    });
    this.client = this.newClient(run.username, run.password);
    this.ledger = new ResourceLedger(run.stateDir, run.runId);
  }

  /** Another client in this dialect, e.g. as the run's second user; it shares the findings log. */
  newClient(username: string, password: string): ApiClient {
    const client = new ApiClient({
      dialect: this.dialect,
      baseUrl: this.run.baseUrl,
      username,
      password,
      transport: this.transport,
      findings: this.findings,
    });
    if (this.client !== undefined) this.#extraClients.push(client);
    return client;
  }

  async open(): Promise<void> {
    try {
      const login = await this.client.login();
      if (!login.success)
        this.#openError = `login as ${this.run.username} failed with status ${login.status}`;
    } catch (error) {
      this.#openError = `login failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Wraps a check body so a suite whose login failed reports every check as blocked, with the reason. */
  guard(body: CheckBody): CheckBody {
    return async (t: CheckContext) => {
      if (this.#openError !== undefined) t.block(this.#openError);
      await body(t);
    };
  }

  /** The list last handed to the transport, and the clients' lists it was made from. */
  #secretsMade: { from: ReadonlyArray<readonly string[]>; list: string[] } | undefined;

  /**
   * The run's passwords and every secret of this suite's clients. Asked for at every exchange, so the list
   * is made again only when a client's own list changed (a login) or a client was added; the same list
   * also lets the redaction find its worked-out forms without comparing contents.
   */
  #transportSecrets(): string[] {
    // The main client is assigned after the transport exists; until then there is nothing to hide but passwords.
    const main = this.client as ApiClient | undefined;
    const from = [main?.secrets() ?? [], ...this.#extraClients.map((client) => client.secrets())];
    const made = this.#secretsMade;
    if (
      made !== undefined &&
      made.from.length === from.length &&
      made.from.every((list, i) => list === from[i])
    )
      return made.list;
    const list = [
      this.run.password,
      ...(this.run.otherUser ? [this.run.otherUser.password] : []),
      ...(this.run.limitedUser ? [this.run.limitedUser.password] : []),
      ...from.flat(),
    ];
    this.#secretsMade = { from, list };
    return list;
  }

  /** Secrets of every client of this suite, so a transcript never shows another user's password or token. */
  extraSecrets(): string[] {
    return this.#extraClients.flatMap((client) => client.secrets());
  }

  /**
   * Creates a scratch library item for this suite (recorded in the ledger); set-up failure blocks the check.
   * `type` is the item's library type: `file` for plain content, `ovf` where OVF metadata rules apply.
   */
  async newItem(t: CheckContext, purpose: string, type: "file" | "ovf" = "file"): Promise<string> {
    const name = scratchName(this.run.runId, `${this.suite}-${purpose}`);
    this.ledger.recordIntent({ kind: "item", name, dialect: this.dialect, parentId: this.run.libraryId });
    const answer = await t.call("library.item.create", {
      body: { library_id: this.run.libraryId, name, type },
      params: { client_token: crypto.randomUUID() },
    });
    this.ledger.recordAnswer("item", name, answer.status);
    const response = t.prerequisite(answer, "creating a scratch library item");
    // Read leniently: how the target wraps the id is the schema check's finding, not a reason to block.
    const value = lenientValue(response);
    const id = t.needs(typeof value === "string" ? value : undefined, "the new item's id");
    this.ledger.recordCreated({
      kind: "item",
      id,
      dialect: this.dialect,
      label: name,
      parentId: this.run.libraryId,
    });
    this.#mine.add(`item ${id}`);
    return id;
  }

  /** Records an update session the suite created, so teardown cancels and deletes it if a check did not. */
  recordSession(id: string, itemId: string): void {
    this.ledger.recordCreated({ kind: "update-session", id, dialect: this.dialect, parentId: itemId });
    this.#mine.add(`update-session ${id}`);
  }

  recordRemoved(kind: string, id: string): void {
    this.ledger.recordDeleted(kind, id);
  }

  /** Removes what this suite created (newest first), logs out, and returns what could not be removed. */
  async close(): Promise<string[]> {
    const problems: string[] = [];
    const mine = this.ledger.outstanding().filter((entry) => this.#mine.has(`${entry.kind} ${entry.id}`));
    for (const entry of mine) {
      const outcome = await removeResource(this.client, entry).catch((error: unknown) => ({
        error: error instanceof Error ? error.message : String(error),
      }));
      if (outcome === "removed" || outcome === "already-gone")
        this.ledger.recordDeleted(entry.kind, entry.id);
      else
        problems.push(
          `${this.suite} [${this.dialect}]: could not remove ${entry.kind} ${entry.id}: ${outcome.error}`,
        );
    }
    for (const client of [this.client, ...this.#extraClients]) await client.logout().catch(() => undefined);
    await this.transport.close();
    return problems;
  }
}
