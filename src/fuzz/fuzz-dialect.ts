import fc from "fast-check";
import { sequenceArbitrary, itemsPerSequence } from "./commands.ts";
import type { Counterexample } from "./counterexample.ts";
import { Divergence } from "./divergence.ts";
import type { AsyncCommand } from "fast-check";
import type { FuzzTarget } from "./fuzz-target.ts";
import { newModel, type FuzzModel } from "./model.ts";

export interface FuzzBudget {
  /** Sequences to run (ignored when `path` replays one). */
  runs: number;
  maxSteps: number;
  seed: number;
  /** A counterexample's `--path` (fast-check path `@` replay path): replays exactly that sequence. */
  path?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface DialectFuzzOutcome {
  /** Sequences run, the failing one included. */
  runs: number;
  counterexample: Counterexample | undefined;
  /** The harness or the network failed (not a model divergence): no verdict. */
  harnessError: string | undefined;
  interrupted: boolean;
  cleanupProblems: string[];
}

class Interrupted extends Error {}

/** Runs one sequence from fresh items and removes what it made, whatever happened. */
async function runSequence(
  target: FuzzTarget,
  commands: Iterable<AsyncCommand<FuzzModel, FuzzTarget>>,
  problems: string[],
): Promise<void> {
  const model = newModel(await target.beginSequence(itemsPerSequence));
  try {
    await fc.asyncModelRun(() => ({ model, real: target }), commands);
  } finally {
    const active = model.sessions.filter((s) => !s.deleted && s.state === "ACTIVE").map((s) => s.id);
    problems.push(...(await target.endSequence(new Set(active))));
  }
}

/** `12:0:3@AB:CD` -> fast-check's path and the commands' replay path. */
function splitPath(path: string | undefined): { fcPath: string | undefined; replayPath: string | undefined } {
  if (path === undefined) return { fcPath: undefined, replayPath: undefined };
  const at = path.indexOf("@");
  return at === -1
    ? { fcPath: path, replayPath: undefined }
    : { fcPath: path.slice(0, at), replayPath: path.slice(at + 1) };
}

/**
 * fast-check's model-based run of random sequences against one dialect: on the first divergence it
 * shrinks the sequence, then runs the shrunk one once more to record its numbered steps and exchanges.
 */
export async function fuzzDialect(target: FuzzTarget, budget: FuzzBudget): Promise<DialectFuzzOutcome> {
  const problems: string[] = [];
  const { fcPath, replayPath } = splitPath(budget.path);
  const property = fc.asyncProperty(sequenceArbitrary(budget.maxSteps, replayPath), async (commands) => {
    if (budget.signal?.aborted === true) throw new Interrupted("interrupted");
    await runSequence(target, commands, problems);
  });
  const details = await fc.check(property, {
    numRuns: budget.runs,
    seed: budget.seed,
    ...(fcPath === undefined ? {} : { path: fcPath }),
  });
  const outcome: DialectFuzzOutcome = {
    runs: details.numRuns,
    counterexample: undefined,
    harnessError: undefined,
    interrupted: false,
    cleanupProblems: problems,
  };
  if (!details.failed || details.counterexample === null) return outcome;
  const error = details.errorInstance;
  if (error instanceof Interrupted) return { ...outcome, interrupted: true };
  if (!(error instanceof Divergence))
    return { ...outcome, harnessError: error instanceof Error ? error.message : String(error) };
  const commands = details.counterexample[0];
  const replay = /replayPath="([^"]*)"/.exec((commands as { toString(): string }).toString())?.[1];
  const path = replay === undefined ? details.counterexamplePath : `${details.counterexamplePath}@${replay}`;
  // The shrunk sequence once more, recorded: its steps are the report (fresh items, the same commands).
  let divergence = error;
  try {
    await runSequence(target, commands, problems);
  } catch (again) {
    if (again instanceof Divergence) divergence = again;
  }
  return {
    ...outcome,
    counterexample: {
      dialect: target.client.dialect,
      seed: details.seed,
      path,
      runsToDetection: details.numRuns,
      shrinks: details.numShrinks,
      steps: [...target.steps],
      divergence,
    },
  };
}
