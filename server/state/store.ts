import { randomBytes, randomUUID } from "node:crypto";
import { noOverrides, overridable, type Overrides } from "../operations/overridable.ts";
import type { Clock } from "./clock.ts";
import type { ApiSession, Datastore, Item, Library, LocalizableMessage, User } from "./model.ts";
import type { UpdateSession } from "./session-records.ts";

/** How long a session that left ACTIVE stays inspectable before it is purged: the idle timeout, at least this. */
const minimumRetentionMs = 10_000;

/** vCenter's default idle time of an API (login) session: 30 minutes. */
export const defaultLoginIdleTimeoutMs = 30 * 60_000;

export interface StoreOptions {
  clock: Clock;
  idleTimeoutMs: number;
  /** Sessions on items whose name contains `nameIncludes` expire after `idleTimeoutMs` instead. */
  shortIdleItems?: { nameIncludes: string; idleTimeoutMs: number };
  /** Unused login sessions (tokens) are forgotten after this long; default 30 minutes. */
  loginIdleTimeoutMs?: number;
  users: User[];
  /** The overrides of a fault variant (server/deviations/expiry.ts); the store's points are its expiry. */
  overrides?: Overrides;
}

/**
 * The single source of truth both dialects operate on. Every method is synchronous: a check and the
 * mutation it guards always run in one turn of Node's event loop, which is what makes "one ACTIVE session
 * per item" and "exactly one successful complete" atomic without locks.
 */
export class Store {
  readonly clock: Clock;
  readonly idleTimeoutMs: number;
  readonly #shortIdleItems: StoreOptions["shortIdleItems"];
  readonly loginIdleTimeoutMs: number;
  readonly retentionMs: number;
  readonly overrides: Overrides;
  readonly users = new Map<string, User>();
  readonly #apiSessions = new Map<string, ApiSession>();
  readonly datastores = new Map<string, Datastore>();
  readonly libraries = new Map<string, Library>();
  readonly items = new Map<string, Item>();
  readonly #updateSessions = new Map<string, UpdateSession>();
  /** Item id -> id of its ACTIVE update session: the index behind the one-active-session rule. */
  readonly activeSessionByItem = new Map<string, string>();
  /** `${user}\n${client_token}` -> update session id, for idempotent create. */
  readonly sessionByClientToken = new Map<string, string>();

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.idleTimeoutMs = options.idleTimeoutMs;
    this.#shortIdleItems = options.shortIdleItems;
    this.loginIdleTimeoutMs = options.loginIdleTimeoutMs ?? defaultLoginIdleTimeoutMs;
    this.retentionMs = Math.max(options.idleTimeoutMs, minimumRetentionMs);
    this.overrides = options.overrides ?? noOverrides;
    for (const user of options.users) this.users.set(user.username, user);
    for (const datastore of defaultDatastores) this.datastores.set(datastore.id, datastore);
  }

  /** How many times the clock was read: a result made without reading it does not change with time alone. */
  clockReadings = 0;

  now(): number {
    this.clockReadings++;
    return this.clock.now();
  }

  newLibraryId(): string {
    return randomUUID();
  }

  newItemId(): string {
    return randomUUID();
  }

  /** Two UUIDs joined by a colon, the shape a real vCenter uses (GH-1832), so clients must treat ids as opaque. */
  newUpdateSessionId(): string {
    return `${randomUUID()}:${randomUUID()}`;
  }

  newApiSessionToken(): string {
    return randomBytes(16).toString("hex");
  }

  addApiSession(session: ApiSession): void {
    this.#apiSessions.set(session.token, session);
  }

  /**
   * The login session of a token, or undefined when there is none or it went unused for longer than the
   * login idle timeout (then it is forgotten, so a long-lived server does not keep every token it issued).
   * `now` is the clock's reading, when the caller has one.
   */
  apiSession(token: string, now = this.now()): ApiSession | undefined {
    const session = this.#apiSessions.get(token);
    if (session === undefined) return undefined;
    if (now - session.lastAccessedAt <= this.loginIdleTimeoutMs) return session;
    this.#apiSessions.delete(token);
    return undefined;
  }

  removeApiSession(token: string): void {
    this.#apiSessions.delete(token);
  }

  /** How many login sessions the store holds, expired ones not yet swept included. */
  get apiSessionCount(): number {
    return this.#apiSessions.size;
  }

  addUpdateSession(session: UpdateSession): void {
    this.#updateSessions.set(session.id, session);
    if (session.state === "ACTIVE") this.activeSessionByItem.set(session.itemId, session.id);
    if (session.clientToken !== undefined) {
      this.sessionByClientToken.set(clientTokenKey(session.owner, session.clientToken), session.id);
    }
  }

  /** The session with its expiry applied, or undefined when it never existed or has been purged. */
  updateSession(id: string): UpdateSession | undefined {
    const session = this.#updateSessions.get(id);
    return session === undefined ? undefined : this.#settle(session);
  }

  /** Every live session, expiry applied. */
  allUpdateSessions(): UpdateSession[] {
    const live: UpdateSession[] = [];
    for (const session of [...this.#updateSessions.values()]) {
      if (this.#settle(session) !== undefined) live.push(session);
    }
    return live;
  }

  removeUpdateSession(session: UpdateSession): void {
    this.#updateSessions.delete(session.id);
    if (this.activeSessionByItem.get(session.itemId) === session.id)
      this.activeSessionByItem.delete(session.itemId);
    if (session.clientToken !== undefined) {
      const key = clientTokenKey(session.owner, session.clientToken);
      if (this.sessionByClientToken.get(key) === session.id) this.sessionByClientToken.delete(key);
    }
  }

  sessionIdForClientToken(owner: string, token: string): string | undefined {
    const id = this.sessionByClientToken.get(clientTokenKey(owner, token));
    return id !== undefined && this.updateSession(id) !== undefined ? id : undefined;
  }

  /** The idle timeout a new session on this item gets: the short one for the items it names, else the default. */
  idleTimeoutForItem(itemId: string): number {
    const short = this.#shortIdleItems;
    const name = this.items.get(itemId)?.name;
    if (short !== undefined && name?.includes(short.nameIncludes) === true) return short.idleTimeoutMs;
    return defaultIdleTimeout(this);
  }

  /** The time after which an ACTIVE session expires; for an ended session, the time it will be purged. */
  expirationOf(session: UpdateSession): number {
    return session.endedAt === undefined
      ? session.lastActivityAt + session.idleTimeoutMs
      : session.endedAt + this.retentionMs;
  }

  /** Records client activity: an ACTIVE session's idle timer starts over. */
  touch(session: UpdateSession): void {
    if (session.state === "ACTIVE") session.lastActivityAt = this.now();
  }

  /** Moves a session out of ACTIVE, freeing its item for a new session. */
  endSession(
    session: UpdateSession,
    state: Exclude<UpdateSession["state"], "ACTIVE">,
    at: number,
    errorMessage?: LocalizableMessage,
  ): void {
    session.state = state;
    session.endedAt = at;
    if (errorMessage !== undefined) session.errorMessage = errorMessage;
    if (this.activeSessionByItem.get(session.itemId) === session.id)
      this.activeSessionByItem.delete(session.itemId);
  }

  /**
   * Drops update sessions whose retention has passed and login sessions past their idle timeout; called on
   * a timer so memory stays bounded between requests.
   */
  sweep(): void {
    this.allUpdateSessions();
    for (const token of this.#apiSessions.keys()) this.apiSession(token);
  }

  /**
   * Applies idle expiry lazily, at the moment a session is looked at: the outcome depends only on the
   * recorded times and the clock, never on when a timer happened to fire.
   */
  #settle(session: UpdateSession): UpdateSession | undefined {
    const now = this.now();
    const expiresAt = expiryOf(this, session);
    if (session.state === "ACTIVE" && now > expiresAt) {
      // The session ended when it expired, not when somebody noticed.
      this.endSession(session, "ERROR", expiresAt, {
        id: "usc.reference.update_session.expired",
        default_message: `The update session ${session.id} expired after ${session.idleTimeoutMs / 1000} seconds without activity.`,
        args: [session.id],
      });
    }
    if (session.state !== "ACTIVE" && now > this.expirationOf(session)) {
      this.removeUpdateSession(session);
      return undefined;
    }
    return session;
  }
}

/** The idle timeout of a session on an ordinary item: the server's (five minutes by default). */
export const defaultIdleTimeout = overridable(
  "store.default-idle-timeout",
  (store: Store) => store.idleTimeoutMs,
);

/** When an ACTIVE session expires: the `expiration_time` it shows. */
export const expiryOf = overridable("store.expiry", (store: Store, session: UpdateSession) =>
  store.expirationOf(session),
);

function clientTokenKey(owner: string, token: string): string {
  return `${owner}\n${token.toLowerCase()}`;
}

const GiB = 1024 ** 3;

/** Two datastores so a provisioning step has something to choose from; the numbers are plausible, not used. */
const defaultDatastores: Datastore[] = [
  { id: "datastore-11", name: "datastore1", type: "VMFS", capacity: 500 * GiB, freeSpace: 400 * GiB },
  { id: "datastore-12", name: "nfs-content", type: "NFS", capacity: 2048 * GiB, freeSpace: 1536 * GiB },
];
