/**
 * The reference server's records. Dialect-neutral: nothing here knows about `/rest` or `/api`, wrapping or
 * status codes. Times are epoch milliseconds; versions are numbers and become strings only on the wire.
 */

export type UpdateSessionState = "ACTIVE" | "DONE" | "ERROR" | "CANCELED";
export type SourceType = "NONE" | "PUSH" | "PULL";
export type TransferStatus = "WAITING_FOR_TRANSFER" | "TRANSFERRING" | "READY" | "VALIDATING" | "ERROR";
export type ChecksumAlgorithm = "SHA1" | "MD5" | "SHA256" | "SHA512";
export type WarningType =
  "SELF_SIGNED_CERTIFICATE" | "EXPIRED_CERTIFICATE" | "NOT_YET_VALID_CERTIFICATE" | "UNTRUSTED_CERTIFICATE";

export const checksumAlgorithms: readonly ChecksumAlgorithm[] = ["SHA1", "MD5", "SHA256", "SHA512"];
export const sourceTypes: readonly SourceType[] = ["NONE", "PUSH", "PULL"];
export const warningTypes: readonly WarningType[] = [
  "SELF_SIGNED_CERTIFICATE",
  "EXPIRED_CERTIFICATE",
  "NOT_YET_VALID_CERTIFICATE",
  "UNTRUSTED_CERTIFICATE",
];

/** vapi.std LocalizationParam: the members this server's messages use (a string, a date-time and its style). */
export interface LocalizationParam {
  s?: string;
  dt?: string;
  format?: "SHORT_DATE_TIME";
}

/**
 * vapi.std LocalizableMessage. `params` (named arguments, args then empty) is a JSON object here and in the
 * api dialect; the rest dialect prints it as an array of {key, value} (server/dialects/rest.ts).
 */
export interface LocalizableMessage {
  id: string;
  default_message: string;
  args: string[];
  params?: Record<string, LocalizationParam>;
}

export interface User {
  username: string;
  password: string;
  /** The privileges the user holds; undefined means all of them (an administrator). */
  privileges: ReadonlySet<string> | undefined;
}

/** A login session (the `vmware-api-session-id` token), not an update session. */
export interface ApiSession {
  token: string;
  username: string;
  createdAt: number;
  lastAccessedAt: number;
}

export interface Datastore {
  id: string;
  name: string;
  type: string;
  capacity: number;
  freeSpace: number;
}

export interface StorageBacking {
  type: "DATASTORE" | "OTHER";
  datastoreId: string | undefined;
  storageUri: string | undefined;
}

export interface Subscription {
  url: string;
  /** The published library of this server the URL names; its items are mirrored on create and sync. */
  sourceLibraryId: string;
  automaticSync: boolean;
  onDemand: boolean;
  lastSyncAt: number;
}

export interface Library {
  id: string;
  name: string;
  description: string;
  type: "LOCAL" | "SUBSCRIBED";
  storageBackings: StorageBacking[];
  createdAt: number;
  modifiedAt: number;
  version: number;
  /** Set when a local library is published; subscribers name it in `subscription_url`. */
  publishUrl: string | undefined;
  subscription: Subscription | undefined;
}

/** A file as the library item holds it: only what a completed update session wrote. */
export interface ItemFile {
  name: string;
  size: number;
  sha1: string;
  version: number;
}

export interface Item {
  id: string;
  libraryId: string;
  name: string;
  description: string;
  type: string;
  createdAt: number;
  modifiedAt: number;
  contentVersion: number;
  metadataVersion: number;
  files: Map<string, ItemFile>;
  /** For an item of a subscribed library: the published item it mirrors. */
  sourceId: string | undefined;
}

export interface Checksum {
  algorithm: ChecksumAlgorithm;
  checksum: string;
}

export interface WarningBehavior {
  type: WarningType;
  ignored: boolean;
}
