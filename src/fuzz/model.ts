import type { ModelRequirementId } from "./requirements.ts";

/**
 * The model of what the documents promise about update sessions: plain data a command reads to predict
 * the target's answer and changes only when the target did what the documents say. Refused operations
 * leave it as it was, so any change a refused call made on the target shows up as a divergence later.
 */

export type SessionState = "ACTIVE" | "DONE" | "CANCELED" | "ERROR";

export interface ModelFile {
  name: string;
  /** NONE: a file the item had when the session was created; PUSH: added in the session. */
  sourceType: "NONE" | "PUSH";
  status: "READY" | "WAITING_FOR_TRANSFER";
  /** Bytes the file has (or will have once uploaded). */
  size: number;
  uploadUri: string | undefined;
}

export interface ModelSession {
  /** The identifier the target gave at create. */
  id: string;
  /** Index of the item in FuzzModel.items. */
  item: number;
  state: SessionState;
  /** The requirement that fixed the state last (a transition, or a refusal that must change nothing). */
  stateBecause: ModelRequirementId;
  progress: number;
  progressBecause: ModelRequirementId;
  /** The item's content_version when the session was created. */
  itemVersion: string;
  files: Map<string, ModelFile>;
  /** The message fail was given, once the session failed. */
  failMessage: string | undefined;
  warningBehavior: Array<{ type: string; ignored: boolean }>;
  deleted: boolean;
}

export interface ModelItem {
  id: string;
  /** The content_version last read, or at creation. */
  version: string;
  /** Names of the item's files. */
  files: Set<string>;
  /** The requirement that fixed the item's files last. */
  filesBecause: ModelRequirementId;
}

export interface FuzzModel {
  items: ModelItem[];
  /** Every session created in this sequence, in creation order (deleted ones stay, marked). */
  sessions: ModelSession[];
  /** Client token slot -> index of the session it created (while that session exists). */
  tokens: Map<number, number>;
}

export function newModel(items: ReadonlyArray<{ id: string; version: string }>): FuzzModel {
  return {
    items: items.map((item) => ({
      ...item,
      files: new Set<string>(),
      filesBecause: "visibility.hidden-until-complete" as const,
    })),
    sessions: [],
    tokens: new Map(),
  };
}

/** The item's session that is ACTIVE, if any (the documents allow at most one). */
export function activeSessionOf(model: FuzzModel, item: number): ModelSession | undefined {
  return model.sessions.find(
    (session) => !session.deleted && session.item === item && session.state === "ACTIVE",
  );
}

export function liveSessions(model: FuzzModel): ModelSession[] {
  return model.sessions.filter((session) => !session.deleted);
}

/** Files the client still has to upload: complete is refused and validate reports them while any exist. */
export function missingFiles(session: ModelSession): string[] {
  return [...session.files.values()].filter((file) => file.status !== "READY").map((file) => file.name);
}

/** Every byte of a fuzz file: its content is derived from its name, so an upload is reproducible. */
export function fileBytes(name: string): Uint8Array {
  return new TextEncoder().encode(`usc fuzz content of ${name}\n`);
}
