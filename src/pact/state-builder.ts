/**
 * Builds the pact's provider states on a target through our client, and removes them again after each
 * interaction. Everything created is recorded in the run's resource ledger first, so a crashed verification
 * can be finished with `usc cleanup --run-id`.
 *
 * Set-up reads answers leniently (any 2xx, the id wrapped or bare): a state is a means, not the contract,
 * so a target that wraps wrongly still gets its interactions verified, and the deviation is reported there.
 */
import type { Dialect } from "../../spec/index.ts";
import type { ApiClient, ApiResponse } from "../client/api-client.ts";
import { lenientValue } from "../client/lenient.ts";
import { removeResource } from "../checks/remove-resource.ts";
import { scratchName, type ResourceLedger } from "../ledger/index.ts";
import { parseProviderState, type InjectedValues, type ProviderState } from "./provider-states.ts";
import { createSpec, failSpec, pushFileSpec } from "../../fixtures/create-specs.ts";
import { endingOperation } from "../../fixtures/well-formed-calls.ts";

class StateSetupError extends Error {}

interface Created {
  kind: "item" | "update-session";
  id: string;
  dialect: Dialect;
  parentId: string | undefined;
}

function answered(response: ApiResponse): string {
  const body = response.exchange.response?.body.slice(0, 200) ?? "";
  return `${response.status ?? "no response"} ${response.errorType ?? ""} ${body}`
    .replace(/\s+/g, " ")
    .trim();
}

function require2xx(response: ApiResponse, what: string): ApiResponse {
  const status = response.status ?? 0;
  if (status < 200 || status >= 300)
    throw new StateSetupError(`${what}: ${response.operationId} answered ${answered(response)}`);
  return response;
}

function idOf(response: ApiResponse, what: string): string {
  const value = lenientValue(require2xx(response, what));
  if (typeof value !== "string")
    throw new StateSetupError(`${what}: ${response.operationId} returned no id (${answered(response)})`);
  return value;
}

export interface StateBuilderOptions {
  clients: ReadonlyMap<Dialect, ApiClient>;
  ledger: ResourceLedger;
  runId: string;
  /** The scratch library every state's item goes into. */
  libraryId: string;
}

export class ProviderStateBuilder {
  readonly #options: StateBuilderOptions;
  /** What the current state created, oldest first. */
  #created: Created[] = [];
  /** Set while the current interaction's state could not be built: its request is then not sent. */
  blockedReason: string | undefined;
  /** Every state that could not be built, in the order the verifier asked for them. */
  readonly setupFailures: string[] = [];
  /** Resources a teardown could not remove (they stay in the ledger for the end of the run). */
  readonly cleanupProblems: string[] = [];

  constructor(options: StateBuilderOptions) {
    this.#options = options;
  }

  #client(dialect: Dialect): ApiClient {
    const client = this.#options.clients.get(dialect);
    if (client === undefined) throw new StateSetupError(`no logged-in ${dialect} client for this state`);
    return client;
  }

  #record(created: Created): void {
    this.#options.ledger.recordCreated({
      kind: created.kind,
      id: created.id,
      dialect: created.dialect,
      parentId: created.parentId,
    });
    this.#created.push(created);
  }

  async #newItem(client: ApiClient): Promise<string> {
    const name = scratchName(this.#options.runId, "pact-item");
    const response = await client.call("library.item.create", {
      params: { client_token: crypto.randomUUID() },
      body: { library_id: this.#options.libraryId, name, type: "file" },
    });
    const id = idOf(response, "creating a scratch library item");
    this.#record({ kind: "item", id, dialect: client.dialect, parentId: this.#options.libraryId });
    return id;
  }

  async #newSession(client: ApiClient, itemId: string): Promise<string> {
    const response = await client.call("updateSession.create", {
      params: { client_token: crypto.randomUUID() },
      body: createSpec(itemId),
    });
    const id = idOf(response, "creating an update session");
    this.#record({ kind: "update-session", id, dialect: client.dialect, parentId: itemId });
    return id;
  }

  async #build(state: ProviderState, client: ApiClient): Promise<Omit<InjectedValues, "sessionToken">> {
    const fresh = {
      clientToken: crypto.randomUUID(),
      sessionId: crypto.randomUUID(),
      libraryItemId: crypto.randomUUID(),
    };
    switch (state.kind) {
      case "unknown-session":
      case "unknown-item":
        return fresh;
      case "item":
        return { ...fresh, libraryItemId: await this.#newItem(client) };
      case "session": {
        const libraryItemId = await this.#newItem(client);
        const sessionId = await this.#newSession(client, libraryItemId);
        const session = { update_session_id: sessionId };
        if (state.fileName !== undefined) {
          const added = await client.call("updateSession.file.add", {
            params: session,
            body: pushFileSpec(state.fileName, { size: 8 }),
          });
          require2xx(added, `adding the file ${state.fileName}`);
        }
        if (state.state !== "ACTIVE") {
          const operationId = endingOperation[state.state];
          const body = state.state === "ERROR" ? failSpec() : undefined;
          require2xx(
            await client.call(operationId, { params: session, body }),
            `ending the session ${state.state}`,
          );
        }
        return { ...fresh, libraryItemId, sessionId };
      }
    }
  }

  /** Builds a state and returns the values its interaction's request uses; never throws. */
  async setup(
    name: string,
    params: Record<string, unknown>,
    fallbackDialect: Dialect,
  ): Promise<InjectedValues | Record<string, never>> {
    this.blockedReason = undefined;
    this.#created = [];
    const dialect =
      params["dialect"] === "rest" || params["dialect"] === "api" ? params["dialect"] : fallbackDialect;
    try {
      const state = parseProviderState(name, params);
      if (state === undefined) throw new StateSetupError(`'${name}' is not a provider state usc knows`);
      const client = this.#client(dialect);
      const values = await this.#build(state, client);
      const sessionToken = client.token;
      if (sessionToken === undefined) throw new StateSetupError(`the ${dialect} client has no API session`);
      return { ...values, sessionToken };
    } catch (error) {
      const reason = `provider state '${name}' (${dialect}) could not be set up: ${error instanceof Error ? error.message : String(error)}`;
      this.blockedReason = reason;
      this.setupFailures.push(reason);
      return {};
    }
  }

  /** Sessions on the state's items that the request itself created (a create interaction). */
  async #sessionsOn(item: Created): Promise<void> {
    const client = this.#client(item.dialect);
    const listed = await client.call("updateSession.list", { params: { library_item_id: item.id } });
    const ids = lenientValue(listed);
    if (!Array.isArray(ids)) return;
    const known = new Set(this.#created.map((c) => c.id));
    for (const id of ids) {
      if (typeof id === "string" && !known.has(id)) {
        this.#record({ kind: "update-session", id, dialect: item.dialect, parentId: item.id });
      }
    }
  }

  /** Removes one resource (cancel before delete, a 404 confirmed by get means gone), as a run's teardown does. */
  async #remove(created: Created): Promise<void> {
    const outcome = await removeResource(this.#client(created.dialect), created);
    if (outcome === "removed" || outcome === "already-gone")
      this.#options.ledger.recordDeleted(created.kind, created.id);
    else this.cleanupProblems.push(`${created.kind} ${created.id}: ${outcome.error}`);
  }

  /** Removes what the current state created, sessions before their items; never throws. */
  async teardown(): Promise<void> {
    try {
      for (const item of this.#created.filter((c) => c.kind === "item")) await this.#sessionsOn(item);
    } catch (error) {
      this.cleanupProblems.push(
        `listing the sessions of a state's item: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const order = [...this.#created].sort((a, b) =>
      a.kind === b.kind ? 0 : a.kind === "update-session" ? -1 : 1,
    );
    for (const created of order) {
      try {
        await this.#remove(created);
      } catch (error) {
        this.cleanupProblems.push(
          `${created.kind} ${created.id}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    this.#created = [];
    this.blockedReason = undefined;
  }
}
