import type { Dialect } from "../../spec/index.ts";
import { nameFinder } from "../checks/find-by-name.ts";
import { removeResource } from "../checks/remove-resource.ts";
import { ApiClient } from "../client/api-client.ts";
import { FindingsLog } from "../client/findings-log.ts";
import type { Transport } from "../http/transport.ts";
import {
  teardown,
  type FindOutcome,
  type PendingIntent,
  type ResourceLedger,
  type TeardownReport,
} from "../ledger/index.ts";

export interface ConnectionOptions {
  /** The target's URL; a trailing slash is dropped here, the one place it is. */
  baseUrl: string;
  username: string;
  password: string;
  transport: Transport;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One client per dialect on one target with one user, logged in on first need, and the teardown of a
 * ledger through them (each resource removed in the dialect that created it). Opening a target, `usc
 * cleanup` and the pact's provider states all reach the target this way.
 */
export class TargetConnection {
  readonly baseUrl: string;
  readonly transport: Transport;
  readonly #options: ConnectionOptions;
  readonly #clients = new Map<Dialect, ApiClient>();
  readonly #findings = new Map<Dialect, FindingsLog>();
  readonly #logins = new Map<Dialect, Promise<ApiClient>>();

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.transport = options.transport;
  }

  /** The dialect's client (not necessarily logged in); its responses go to the dialect's findings log. */
  client(dialect: Dialect): ApiClient {
    let client = this.#clients.get(dialect);
    if (client === undefined) {
      const findings = new FindingsLog();
      client = new ApiClient({
        dialect,
        baseUrl: this.baseUrl,
        username: this.#options.username,
        password: this.#options.password,
        transport: this.transport,
        findings,
      });
      this.#clients.set(dialect, client);
      this.#findings.set(dialect, findings);
    }
    return client;
  }

  /** Every response the dialect's client received, validated: set-up's evidence for the schema check. */
  findings(dialect: Dialect): FindingsLog {
    this.client(dialect);
    return this.#findings.get(dialect) ?? new FindingsLog();
  }

  /** The dialect's client, logged in (once); a refused login is thrown with the answer. */
  loggedIn(dialect: Dialect): Promise<ApiClient> {
    let login = this.#logins.get(dialect);
    if (login === undefined) {
      const client = this.client(dialect);
      login = client.loggedIn
        ? Promise.resolve(client)
        : client.login().then((response) => {
            if (!client.loggedIn)
              throw new Error(
                `login as ${this.#options.username} (${dialect}) failed: status ${response.status ?? "none"} ${response.errorType ?? ""}`.trim(),
              );
            return client;
          });
      this.#logins.set(dialect, login);
    }
    return login;
  }

  /**
   * Removes what the ledger names, newest first, within the deadline: creates never confirmed are looked
   * up by name first. A dialect whose login fails leaves its resources, with the reason.
   */
  teardown(ledger: ResourceLedger, deadlineMs: number): Promise<TeardownReport> {
    const finders = new Map<Dialect, (intent: PendingIntent) => Promise<FindOutcome>>();
    return teardown(
      ledger,
      async (entry) => {
        try {
          return await removeResource(await this.loggedIn(entry.dialect), entry);
        } catch (error) {
          return { error: messageOf(error) };
        }
      },
      {
        deadlineMs,
        find: async (intent) => {
          try {
            let find = finders.get(intent.dialect);
            if (find === undefined) {
              find = nameFinder(await this.loggedIn(intent.dialect));
              finders.set(intent.dialect, find);
            }
            return await find(intent);
          } catch (error) {
            return { error: messageOf(error) };
          }
        },
      },
    );
  }

  /** The list secrets() last gave, and the clients' lists it was made from. */
  #secretsMade: { from: ReadonlyArray<readonly string[]>; list: readonly string[] } | undefined;

  /**
   * The password and every token any of the clients was given. The same array while they are the same: the
   * transport asks at every exchange and works out its redaction again only when the array changes.
   */
  secrets(): readonly string[] {
    const from = [...this.#clients.values()].map((client) => client.secrets());
    const made = this.#secretsMade;
    if (made?.from.length === from.length && made.from.every((list, i) => list === from[i])) return made.list;
    const list = [this.#options.password, ...from.flat()].filter((secret) => secret !== "");
    this.#secretsMade = { from, list };
    return list;
  }

  /** Logs every client out and closes the transport. */
  async close(): Promise<void> {
    for (const client of this.#clients.values()) await client.logout().catch(() => undefined);
    await this.transport.close();
  }
}
