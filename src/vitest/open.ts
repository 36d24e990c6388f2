/**
 * Opening a given target for the vitest integration, through the one target opener every runner uses
 * (src/target/open-target.ts): dialect probe, a login per dialect, ledger, scratch resources, and the close
 * that removes them. This file only translates the integration's options and outcome.
 */
import type { Dialect } from "../../spec/index.ts";
import type { RunContext } from "../checks/run-context.ts";
import { proxyFromEnv, type RunDialect } from "../config/index.ts";
import { openTarget as openSharedTarget, TargetUnusable } from "../target/open-target.ts";

export interface OpenRequest {
  target: string;
  username: string;
  password: string;
  /** The dialects asked for; undefined takes whichever the target serves. */
  dialects: readonly Dialect[] | undefined;
  otherUser: { username: string; password: string } | undefined;
  limitedUser: { username: string; password: string } | undefined;
  idleTimeoutSeconds: number | undefined;
  insecure: boolean;
  caFile: string | undefined;
  timeoutMs: number;
  stateDir: string;
  datastore: string | undefined;
  subscribedItem: string | undefined;
}

export interface OpenedTarget {
  /** What every suite instance needs; `dialects` are those that will run. */
  context: RunContext;
  /** Dialects that could not be set up (their login was refused), with the reason. */
  blocked: ReadonlyMap<Dialect, string>;
  /** Removes the scratch resources and logs out; returns what could not be removed, in words. */
  close(): Promise<string[]>;
}

/** Why the target could not be opened; the message names the target and never a secret. */
export class OpenTargetError extends Error {}

function dialectOption(dialects: readonly Dialect[] | undefined): RunDialect {
  if (dialects === undefined) return "auto";
  if (dialects.includes("rest") && dialects.includes("api")) return "both";
  return dialects[0] ?? "auto";
}

export async function openTarget(request: OpenRequest): Promise<OpenedTarget> {
  try {
    const opened = await openSharedTarget({
      target: request.target,
      username: request.username,
      password: request.password,
      dialect: dialectOption(request.dialects),
      otherUser: request.otherUser,
      limitedUser: request.limitedUser,
      idleTimeoutSeconds: request.idleTimeoutSeconds,
      insecure: request.insecure,
      caFile: request.caFile,
      timeoutMs: request.timeoutMs,
      proxy: proxyFromEnv(process.env),
      datastore: request.datastore,
      subscribedItem: request.subscribedItem,
      stateDir: request.stateDir,
    });
    return {
      context: opened.context,
      blocked: opened.blocked,
      close: async () => (await opened.close()).problems,
    };
  } catch (error) {
    if (error instanceof TargetUnusable) throw new OpenTargetError(error.message);
    throw error;
  }
}
