/**
 * The provider states the pact names, their parameters, and the values a state hands to the request at
 * verification time (Pact's provider-state injection). The consumer side sends the examples instead.
 */
import type { Dialect } from "../../spec/index.ts";
import { terminalStates } from "../catalogue/wrong-state.checks.ts";

export type TerminalState = (typeof terminalStates)[number]["state"];
export type SessionState = "ACTIVE" | TerminalState;

export type ProviderState =
  /** A fresh library item with no session; the request may create one. */
  | { kind: "item" }
  /** A fresh item with one update session in the given state; ACTIVE ones may have a PUSH file added. */
  | { kind: "session"; state: SessionState; fileName?: string }
  /** An id shaped like a session id that names no session. */
  | { kind: "unknown-session" }
  /** An id shaped like a library item id that names no item. */
  | { kind: "unknown-item" };

/**
 * Values a state handler returns and requests use through `${name}`: every state returns all of them, so
 * an interaction can use any. `sessionToken` is the API session the verifier presents.
 */
export const injectedExamples = {
  libraryItemId: "8d3e1a2b-7c4f-4e6a-b5d9-0f1e2d3c4b5a",
  sessionId: "5f1c2e4a-0c3b-4d8e-9a71-6b2f0d3c4e5f",
  clientToken: "0b9f6c1d-2e3a-4f5b-8c7d-9e0a1b2c3d4e",
  sessionToken: "example-api-session-token",
} as const;

export type InjectedName = keyof typeof injectedExamples;
export type InjectedValues = Record<InjectedName, string>;

export const stateNames = {
  item: "a library item without an active update session exists",
  active: "an ACTIVE update session exists for a library item",
  activeWithFile: "an ACTIVE update session with an added PUSH file exists for a library item",
  terminal: (state: TerminalState) => `an update session in state ${state} exists`,
  unknownSession: "no update session has the given id",
  unknownItem: "no library item has the given id",
} as const;

export function stateName(state: ProviderState): string {
  switch (state.kind) {
    case "item":
      return stateNames.item;
    case "session":
      if (state.state !== "ACTIVE") return stateNames.terminal(state.state);
      return state.fileName === undefined ? stateNames.active : stateNames.activeWithFile;
    case "unknown-session":
      return stateNames.unknownSession;
    case "unknown-item":
      return stateNames.unknownItem;
  }
}

/** The parameters written into the pact; `dialect` tells a handler which wire form builds the state. */
export function stateParams(state: ProviderState, dialect: Dialect): Record<string, string> {
  const params: Record<string, string> = { dialect };
  if (state.kind === "session") {
    params["state"] = state.state;
    if (state.fileName !== undefined) params["fileName"] = state.fileName;
  }
  return params;
}

/** Every state name a verifier may be asked for, so each gets a handler. */
export function allStateNames(): string[] {
  return [
    stateNames.item,
    stateNames.active,
    stateNames.activeWithFile,
    ...terminalStates.map(({ state }) => stateNames.terminal(state)),
    stateNames.unknownSession,
    stateNames.unknownItem,
  ];
}

const sessionStates: readonly string[] = ["ACTIVE", ...terminalStates.map(({ state }) => state)];

/** Reads a state back from what the verifier sends (name and parameters); undefined when it is not ours. */
export function parseProviderState(name: string, params: Record<string, unknown>): ProviderState | undefined {
  const text = (key: string) => (typeof params[key] === "string" ? params[key] : undefined);
  switch (name) {
    case stateNames.item:
      return { kind: "item" };
    case stateNames.unknownSession:
      return { kind: "unknown-session" };
    case stateNames.unknownItem:
      return { kind: "unknown-item" };
    case stateNames.active:
    case stateNames.activeWithFile: {
      const fileName = text("fileName");
      return fileName === undefined
        ? { kind: "session", state: "ACTIVE" }
        : { kind: "session", state: "ACTIVE", fileName };
    }
    default: {
      const state = /^an update session in state (\w+) exists$/.exec(name)?.[1];
      if (state === undefined || !sessionStates.includes(state) || state === "ACTIVE") return undefined;
      return { kind: "session", state: state as TerminalState };
    }
  }
}
