import type { Dialect } from "../../spec/index.ts";
import { packageVersion } from "../config/version.ts";
import type { CheckResult, RunResult, RunSelection } from "../results/model.ts";
import type { OpenedTarget } from "../target/open-target.ts";
import { specHash } from "./spec-hash.ts";

/** What a finished run (`usc run`, `usc fuzz`) knows; the record adds the tool's version and spec hash. */
export interface RunResultParts {
  target: Pick<OpenedTarget, "runId" | "baseUrl" | "embedded">;
  dialects: Dialect[];
  checks: CheckResult[];
  runErrors: string[];
  fatal: string | undefined;
  failOn: RunResult["failOn"];
  startedAt: string;
  interrupted: boolean;
  selection: RunSelection;
}

/** The RunResult the reporters read, finished now. */
export function runResultOf(parts: RunResultParts): RunResult {
  return {
    runId: parts.target.runId,
    target: parts.target.baseUrl,
    embeddedTarget: parts.target.embedded,
    dialects: parts.dialects,
    suiteVersion: packageVersion(),
    specHash: specHash(),
    failOn: parts.failOn,
    startedAt: parts.startedAt,
    finishedAt: new Date().toISOString(),
    checks: parts.checks,
    runErrors: parts.runErrors,
    startFailure: parts.fatal,
    interrupted: parts.interrupted,
    selection: parts.selection,
  };
}
