import { join } from "node:path";
import { parseArguments, UsageError, type FlagTable, type ParsedArguments } from "../config/arguments.ts";
import { resolveRunConfig } from "../config/index.ts";
import { runFlagTable } from "../config/sources.ts";
import { createTransport } from "../http/index.ts";
import {
  defaultStateDir,
  formatTeardownReport,
  isValidRunId,
  listRuns,
  ResourceLedger,
  teardownIncomplete,
} from "../ledger/index.ts";
import { readRunRecord } from "../ledger/run-record.ts";
import { TargetConnection } from "../target/connection.ts";
import type { Command } from "./command.ts";
import { ExitCode } from "./exit-codes.ts";
import { say } from "./say.ts";
import { usageFailure } from "./usage.ts";
import { cliCwd, cliEnv } from "./context.ts";

const help = `Usage: usc cleanup --run-id ID [--target URL] [connection options]
       usc cleanup --list

Removes what a run created and did not remove (a crashed or interrupted run), newest first, using the
run's resource ledger in ${defaultStateDir}/runs/<run id>/. It touches nothing the ledger does not name:
a create the run started and never saw answered (a crash mid-request) is looked up by the exact name it
sent, which carries the run id, in the library it was sent to.

  --run-id ID    the run to finish (printed by usc run, and in its reports)
  --list         list the runs with a ledger and how many resources each still has
  --target URL   defaults to the target the run recorded
Connection options as for usc run: --username/--password (or USC_USERNAME/USC_PASSWORD), --insecure,
--ca-file, --timeout. Exit codes: 0 everything removed, 2 something was left or the run is unknown.`;

/** cleanup's own options; every other option is usc run's (target, credentials, TLS), resolved as a run's. */
const cleanupFlags = {
  "run-id": { type: "string", valueName: "ID" },
  list: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagTable;

export const cleanupCommand: Command = {
  summary: "remove what an interrupted run left on its target, from the run's ledger",
  async run(args) {
    // Help wins over every other mistake, as in usc run.
    if (args.includes("--help") || args.includes("-h")) {
      process.stdout.write(`${help}\n`);
      return ExitCode.ok;
    }
    let parsed: ParsedArguments<typeof cleanupFlags>;
    try {
      parsed = parseArguments(args, cleanupFlags, { others: runFlagTable });
    } catch (error) {
      if (error instanceof UsageError) return usageFailure("cleanup", error);
      throw error;
    }
    const { "run-id": runId, list = false } = parsed.values;
    const resolved = resolveRunConfig(
      parsed.others.flatMap((option) => option.args),
      cliEnv(),
      cliCwd(),
    );
    if (!resolved.ok) {
      say(`usc cleanup: ${resolved.error.replace(/usc run/g, "usc cleanup")}`);
      return ExitCode.usageOrHarnessError;
    }
    const stateDir = join(cliCwd(), defaultStateDir);
    if (list) {
      const runs = listRuns(stateDir);
      if (runs.length === 0) process.stdout.write(`no runs with a ledger in ${stateDir}\n`);
      for (const run of runs) process.stdout.write(`${JSON.stringify(run)}\n`);
      return ExitCode.ok;
    }
    if (runId === undefined || !isValidRunId(runId)) {
      say(`usc cleanup: ${runId === undefined ? "--run-id is required" : `'${runId}' is not a run id`}`);
      say("Run 'usc cleanup --help' for the options, 'usc cleanup --list' for the runs.");
      return ExitCode.usageOrHarnessError;
    }
    const ledger = ResourceLedger.open(stateDir, runId);
    if (ledger === undefined) {
      say(`usc cleanup: run ${runId} has no ledger in ${stateDir} (it created nothing, or ran elsewhere)`);
      return ExitCode.usageOrHarnessError;
    }
    const record = readRunRecord(stateDir, runId);
    const config = resolved.config;
    const { outstanding, pendingIntents } = ledger.snapshot();
    const count = outstanding.length + pendingIntents.length;
    if (count === 0) {
      process.stdout.write(`run ${runId}: nothing left to remove\n`);
      return ExitCode.ok;
    }
    const target = config.target ?? (record?.embedded === false ? record.target : undefined);
    if (target === undefined) {
      const why =
        record?.embedded === true
          ? "the run used the embedded reference server, which is gone with its state"
          : "the run recorded no target";
      say(`usc cleanup: ${why}; give --target to remove the ${count} resource(s) elsewhere`);
      return record?.embedded === true ? ExitCode.ok : ExitCode.usageOrHarnessError;
    }
    if (config.username === undefined || config.password === undefined) {
      say(
        "usc cleanup: credentials are needed: set USC_USERNAME and USC_PASSWORD (or --username/--password)",
      );
      return ExitCode.usageOrHarnessError;
    }
    const connection = new TargetConnection({
      baseUrl: target,
      username: config.username,
      password: config.password,
      transport: createTransport({
        insecure: config.insecure,
        caFile: config.caFile,
        timeoutMs: config.timeoutMs,
        proxy: config.proxy,
      }),
    });
    try {
      const report = await connection.teardown(ledger, config.timeoutMs * Math.max(10, count * 3));
      process.stdout.write(`${formatTeardownReport(report, runId)}\n`);
      return teardownIncomplete(report) ? ExitCode.usageOrHarnessError : ExitCode.ok;
    } finally {
      await connection.close();
    }
  },
};
