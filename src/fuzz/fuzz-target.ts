import type { OperationId } from "../../spec/index.ts";
import type { OperationCall } from "../dialects/wire-request.ts";
import type { ApiClient, ApiResponse } from "../client/api-client.ts";
import { lenientValue } from "../client/lenient.ts";
import { removeResource } from "../checks/remove-resource.ts";
import { scratchName, type ResourceLedger } from "../ledger/index.ts";
import type { Exchange } from "../results/model.ts";
import { Divergence } from "./divergence.ts";

/** One executed command of a sequence: its label and the exchanges it made. */
export interface StepRecord {
  label: string;
  exchanges: Exchange[];
}

/** Set-up of a sequence failed: the harness (or the target's set-up answers), not a model divergence. */
export class FuzzSetupError extends Error {}

/**
 * The real side of the model run: one logged-in client of one dialect, the run's ledger and scratch
 * library. Every call is recorded against the current step and its response's schema findings are a
 * divergence at once (every response is validated against spec/ by the client).
 */
export class FuzzTarget {
  readonly client: ApiClient;
  readonly #ledger: ResourceLedger;
  readonly #runId: string;
  readonly #libraryId: string;
  #steps: StepRecord[] = [];
  #created: Array<{ kind: "item" | "update-session"; id: string }> = [];
  #sequence = 0;
  #tokens: string[] = [];

  constructor(options: { client: ApiClient; ledger: ResourceLedger; runId: string; libraryId: string }) {
    this.client = options.client;
    this.#ledger = options.ledger;
    this.#runId = options.runId;
    this.#libraryId = options.libraryId;
  }

  get steps(): readonly StepRecord[] {
    return this.#steps;
  }

  /** The client token of a slot of this sequence. */
  token(slot: number): string {
    const token = this.#tokens[slot];
    if (token === undefined) throw new Error(`no client token slot ${slot}`);
    return token;
  }

  beginStep(label: string): void {
    this.#steps.push({ label, exchanges: [] });
  }

  #record(exchange: Exchange): void {
    this.#steps.at(-1)?.exchanges.push(exchange);
  }

  /** Calls an operation; a response the spec does not allow is a divergence (wire requirements). */
  async call(operationId: OperationId, call: OperationCall = {}): Promise<ApiResponse> {
    const response = await this.client.call(operationId, call);
    this.#record(response.exchange);
    const first = response.findings[0];
    if (first !== undefined) {
      throw new Divergence({
        requirement: first.code === "undocumented-status" ? "wire.documented-status" : "wire.result-encoding",
        what: `${operationId} response against spec/openapi (${response.findings.length} finding(s))`,
        expected: first.expected,
        actual: `${first.actual} at ${first.path}`,
        exchange: response.exchange,
      });
    }
    return response;
  }

  async upload(uri: string, bytes: Uint8Array): Promise<Exchange> {
    const exchange = await this.client.upload(uri, bytes);
    this.#record(exchange);
    return exchange;
  }

  /** Starts a sequence: fresh items (recorded in the ledger before and after the create), a fresh step log. */
  async beginSequence(itemCount: number): Promise<Array<{ id: string; version: string }>> {
    this.#steps = [];
    this.#sequence += 1;
    // Token slots are fresh UUIDs per sequence: a replay or the next sequence never meets an old token.
    this.#tokens = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const items: Array<{ id: string; version: string }> = [];
    for (let index = 0; index < itemCount; index += 1) {
      const name = scratchName(this.#runId, `fuzz-${this.#sequence}-${index}`);
      this.#ledger.recordIntent({
        kind: "item",
        name,
        dialect: this.client.dialect,
        parentId: this.#libraryId,
      });
      const created = await this.client.call("library.item.create", {
        body: { library_id: this.#libraryId, name, type: "file" },
        params: { client_token: crypto.randomUUID() },
      });
      this.#ledger.recordAnswer("item", name, created.status);
      const id = lenientValue(created);
      if (typeof id !== "string")
        throw new FuzzSetupError(`creating the fuzz item ${name} answered ${created.status ?? "nothing"}`);
      this.#ledger.recordCreated({
        kind: "item",
        id,
        dialect: this.client.dialect,
        label: name,
        parentId: this.#libraryId,
      });
      this.#created.push({ kind: "item", id });
      const read = lenientValue(
        await this.client.call("library.item.get", { params: { library_item_id: id } }),
      );
      const version = (read as { content_version?: unknown } | undefined)?.content_version;
      if (version === undefined)
        throw new FuzzSetupError(`reading the fuzz item ${id} gave no content_version`);
      items.push({ id, version: typeof version === "string" ? version : JSON.stringify(version) });
    }
    return items;
  }

  /** A session the target created: into the ledger at once, so teardown finds it whatever happens next. */
  recordSession(id: string, itemId: string): void {
    if (this.#created.some((entry) => entry.kind === "update-session" && entry.id === id)) return;
    this.#ledger.recordCreated({
      kind: "update-session",
      id,
      dialect: this.client.dialect,
      parentId: itemId,
    });
    this.#created.push({ kind: "update-session", id });
  }

  /** A delete the target confirmed: off the ledger, nothing left to remove at the end. */
  recordRemoved(kind: "item" | "update-session", id: string): void {
    this.#ledger.recordDeleted(kind, id);
    this.#created = this.#created.filter((entry) => entry.kind !== kind || entry.id !== id);
  }

  /**
   * Removes what the sequence created, newest first; what cannot be removed stays in the ledger for close.
   * The model says which sessions are ACTIVE, so most removals are one or two calls; where the target does
   * not agree, the ledger's careful removal (read, cancel, delete, confirm) takes over.
   */
  async endSequence(active: ReadonlySet<string>): Promise<string[]> {
    const problems: string[] = [];
    for (const entry of this.#created.reverse()) {
      const params = entry.kind === "item" ? { library_item_id: entry.id } : { update_session_id: entry.id };
      const quick = async () => {
        if (entry.kind === "update-session" && active.has(entry.id))
          await this.client.call("updateSession.cancel", { params });
        return this.client.call(entry.kind === "item" ? "library.item.delete" : "updateSession.delete", {
          params,
        });
      };
      const removed = (await quick().catch(() => undefined))?.success === true;
      const outcome = removed
        ? "removed"
        : await removeResource(this.client, entry).catch((error: unknown) => ({
            error: error instanceof Error ? error.message : String(error),
          }));
      if (outcome === "removed" || outcome === "already-gone")
        this.#ledger.recordDeleted(entry.kind, entry.id);
      else problems.push(`could not remove ${entry.kind} ${entry.id}: ${outcome.error}`);
    }
    this.#created = [];
    return problems;
  }
}
